package io.padic.dashboard.workspaces;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.padic.dashboard.support.BrowserTest;
import io.padic.dashboard.support.Mailbox;
import io.quarkus.test.junit.QuarkusTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A team forms in the dashboard: the owner invites someone by e-mail from the Members page; the invitee (a second
 * browser) opens the mailed link, signs up through it and accepts; the owner changes their role and reads it all
 * in the workspace's audit log; the invitee leaves; the owner, the only owner, may not. At 1280 and at 390 px.
 */
@QuarkusTest
class MembersE2E extends BrowserTest {

    private static final String PASSWORD = "correct horse battery";

    private void fits(Page on, String where) {
        for (int width : new int[] {390, 1280}) {
            on.setViewportSize(width, 900);
            int overflow = ((Number) on.evaluate(
                    "() => document.documentElement.scrollWidth - window.innerWidth")).intValue();
            assertEquals(0, Math.max(0, overflow), where + " scrolls sideways at " + width + " px");
            shot(on, where + "-" + width);
        }
    }

    @Test
    void anInvitedPersonSignsUpThroughTheLinkJoinsGetsAnotherRoleAndLeaves() {
        signUp("Olive Owner");
        page.navigate("/workspaces");
        page.getByRole(AriaRole.LINK, named("Members of Olive Owner's workspace")).click();
        assertThat(page.locator("h1")).containsText("Members of");
        String members = page.url();

        String email = newEmail();
        page.getByLabel("E-mail", new Page.GetByLabelOptions().setExact(true)).fill(email);
        page.getByLabel("Role", new Page.GetByLabelOptions().setExact(true)).selectOption("admin");
        page.getByRole(AriaRole.BUTTON, named("Send the invitation")).click();
        assertThat(page.locator("#notice")).containsText("Invited " + email);
        assertThat(page.locator("table.invitations")).containsText(email);
        fits(page, "invited");

        // The invitee, in a browser of their own, follows the mailed link and signs up through it.
        Mailbox.Mail mail = Mailbox.await(email, "invited you");
        Page invitee = otherBrowser();
        invitee.navigate(mail.linkPath());
        assertThat(invitee.locator("h1")).containsText("Join Olive Owner's workspace");
        assertThat(invitee.locator("main")).containsText("as admin");
        fits(invitee, "invitation");
        invitee.locator("main").getByRole(AriaRole.LINK,
                new Locator.GetByRoleOptions().setName("Sign up")).click();
        assertThat(invitee.getByLabel("E-mail")).hasValue(email);
        invitee.getByLabel("Your name").fill("Ivy Invitee");
        invitee.getByLabel("Password").fill(PASSWORD);
        invitee.getByRole(AriaRole.BUTTON, named("Sign up")).click();
        assertThat(invitee).hasURL(Pattern.compile(".*/invitations/accept\\?token=.*"));
        invitee.getByRole(AriaRole.BUTTON, named("Accept and join")).click();
        assertThat(invitee.locator("#notice")).containsText("You joined the workspace “Olive Owner's workspace”");
        assertThat(invitee.locator("table.members")).containsText("Ivy Invitee");
        fits(invitee, "joined");

        // The owner sees the new member and makes them a viewer.
        page.navigate(members);
        assertThat(page.locator("table.invitations")).hasCount(0);
        page.getByLabel("Role of Ivy Invitee", new Page.GetByLabelOptions().setExact(true)).selectOption("viewer");
        page.getByRole(AriaRole.BUTTON, named("Save the role of Ivy Invitee")).click();
        assertThat(page.locator("#notice")).containsText("Changed the role of Ivy Invitee to viewer");
        fits(page, "role-changed");

        // The workspace's audit log tells the story, newest first, each step by the one who took it.
        page.navigate("/workspaces");
        page.getByRole(AriaRole.LINK, named("Audit log of Olive Owner's workspace")).click();
        Locator entries = page.locator("#audit-entries tbody tr");
        assertThat(entries.nth(0)).containsText("member.role_changed");
        assertThat(entries.nth(0)).containsText("admin → viewer");
        assertThat(entries.nth(1)).containsText("invitation.accepted");
        assertThat(entries.nth(1)).containsText(email);
        assertThat(entries.nth(2)).containsText("member.invited");
        assertThat(entries.nth(3)).containsText("account.signed_up");
        fits(page, "audit-log");

        invitee.reload();
        assertThat(invitee.locator("table.members")).containsText("viewer");
        assertThat(invitee.getByRole(AriaRole.BUTTON, named("Send the invitation"))).hasCount(0);

        // The viewer leaves after a confirmation; the only owner may not.
        invitee.getByRole(AriaRole.LINK, named("Leave…")).click();
        assertThat(invitee.locator("h1")).containsText("Leave");
        invitee.getByRole(AriaRole.BUTTON, named("Leave the workspace")).click();
        assertThat(invitee.locator("#notice")).containsText("You left the workspace");
        shot(invitee, "left");

        page.navigate(members);
        assertThat(page.locator("table.members")).not().containsText("Ivy Invitee");
        page.getByRole(AriaRole.LINK, named("Leave…")).click();
        page.getByRole(AriaRole.BUTTON, named("Leave the workspace")).click();
        assertThat(page.locator("#problem")).containsText("only owner");
        shot("last-owner-stays");
    }

    @Test
    void anInvitationIsWithdrawnAndAMemberRemovedWithANoticeEachTime() {
        signUp("Omar Owner");
        page.navigate("/workspaces");
        page.getByRole(AriaRole.LINK, named("Members of Omar Owner's workspace")).click();
        String members = page.url();

        String withdrawn = newEmail();
        page.getByLabel("E-mail", new Page.GetByLabelOptions().setExact(true)).fill(withdrawn);
        page.getByRole(AriaRole.BUTTON, named("Send the invitation")).click();
        page.getByRole(AriaRole.BUTTON, named("Withdraw the invitation of " + withdrawn)).click();
        assertThat(page.locator("#notice")).containsText("Withdrew the invitation of " + withdrawn);
        Page stranger = otherBrowser();
        stranger.navigate(Mailbox.await(withdrawn, "invited you").linkPath());
        assertThat(stranger.locator("#link-problem")).containsText("withdrawn");

        String email = newEmail();
        page.getByLabel("E-mail", new Page.GetByLabelOptions().setExact(true)).fill(email);
        page.getByRole(AriaRole.BUTTON, named("Send the invitation")).click();
        Page invitee = otherBrowser();
        invitee.navigate(Mailbox.await(email, "invited you").linkPath());
        invitee.locator("main").getByRole(AriaRole.LINK,
                new Locator.GetByRoleOptions().setName("Sign up")).click();
        invitee.getByLabel("Your name").fill("Dana Developer");
        invitee.getByLabel("Password").fill(PASSWORD);
        invitee.getByRole(AriaRole.BUTTON, named("Sign up")).click();
        invitee.getByRole(AriaRole.BUTTON, named("Accept and join")).click();
        assertThat(invitee.locator("#notice")).containsText("You joined");

        page.navigate(members);
        page.getByRole(AriaRole.LINK, named("Remove Dana Developer…")).click();
        assertThat(page.locator("h1")).containsText("Remove Dana Developer?");
        shot("confirm-remove");
        page.getByRole(AriaRole.BUTTON, named("Remove Dana Developer")).click();
        assertThat(page.locator("#notice")).containsText("Removed Dana Developer from the workspace");
        assertThat(page.locator("table.members")).not().containsText("Dana Developer");

        assertEquals(404, invitee.navigate(members).status());
    }
}
