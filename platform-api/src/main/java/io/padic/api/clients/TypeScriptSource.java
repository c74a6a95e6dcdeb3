package io.padic.api.clients;

import io.padic.api.eventtypes.EventTypeVersion;
import io.padic.api.schemas.FieldSpec;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A project's event types as one TypeScript module: an interface per type for its metaData (required fields
 * required, optional ones optional and nullable, descriptions as doc comments) and a {@code PadicEvents} class with
 * one method per type that sends it through the project's API key with an Idempotency-Key. Depends on nothing but
 * {@code fetch} (browsers, Node 18+, Deno, Bun).
 */
final class TypeScriptSource {

    private static final Set<String> RESERVED = Set.of(
            // keywords and names the module itself declares
            "break", "case", "catch", "class", "const", "continue", "debugger", "default", "delete", "do", "else",
            "enum", "export", "extends", "false", "finally", "for", "function", "if", "import", "in", "instanceof",
            "new", "null", "return", "super", "switch", "this", "throw", "true", "try", "typeof", "var", "void",
            "while", "with", "as", "implements", "interface", "let", "package", "private", "protected", "public",
            "static", "yield", "await", "constructor", "send", "options", "Date", "Promise", "Error", "Record",
            "Array", "Response", "PadicEvents", "PadicOptions", "PadicError", "SendOptions", "SentEvent", "Pin",
            "Timestamp", "Problem", "SCHEMA_VERSIONS");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");

    private TypeScriptSource() {
    }

    static String render(ClientHeader header, List<EventTypeVersion> types) {
        StringBuilder out = new StringBuilder();
        out.append("/*\n").append(header.comment(" * ")).append(" */\n\n");
        out.append("/** The version of each event type this module was made from. */\n");
        out.append("export const SCHEMA_VERSIONS = {");
        for (int i = 0; i < types.size(); i++) {
            out.append(i == 0 ? "\n" : ",\n").append("  ").append(Sources.quote(types.get(i).name)).append(": ")
                    .append(types.get(i).version);
        }
        out.append(types.isEmpty() ? "} as const;\n\n" : "\n} as const;\n\n");
        out.append(PRELUDE);
        Identifiers interfaces = new Identifiers(RESERVED);
        Identifiers methods = new Identifiers(RESERVED);
        StringBuilder calls = new StringBuilder();
        for (EventTypeVersion type : types) {
            String name = interfaces.pascal(type.name);
            out.append("/** metaData of ").append(Sources.about(type)).append(". */\n");
            out.append("export interface ").append(name).append(" ").append(objectType(type.fields, "")).append("\n\n");
            calls.append("\n  /** Sends ").append(Sources.about(type)).append(", about the objects in concerns. */\n");
            calls.append("  ").append(methods.camel(type.name)).append("(concerns: string | string[], metaData: ")
                    .append(name).append(", options: SendOptions = {}): Promise<SentEvent> {\n");
            calls.append("    return this.send(").append(Sources.quote(type.name))
                    .append(", concerns, metaData, options);\n  }\n");
        }
        out.append(CLIENT_START).append(calls).append(CLIENT_END);
        return out.toString();
    }

    /** An object type literal with the fields, indented by {@code indent}; no fields means any members. */
    private static String objectType(List<FieldSpec> fields, String indent) {
        if (fields == null || fields.isEmpty()) {
            return "{ [member: string]: unknown }";
        }
        StringBuilder out = new StringBuilder("{\n");
        for (FieldSpec field : fields) {
            if (field.description != null && !field.description.isBlank()) {
                out.append(indent).append("  /** ").append(Sources.docText(field.description)).append(" */\n");
            }
            String key = IDENTIFIER.matcher(field.name).matches() ? field.name : Sources.quote(field.name);
            out.append(indent).append("  ").append(key).append(field.mandatory() ? ": " : "?: ")
                    .append(type(field, indent + "  ")).append(field.mandatory() ? "" : " | null").append(";\n");
        }
        return out.append(indent).append("}").toString();
    }

    private static String type(FieldSpec field, String indent) {
        return switch (field.type == null ? "any" : field.type) {
            case "string" -> "string";
            case "number", "integer" -> "number";
            case "boolean" -> "boolean";
            case "timestamp" -> "Timestamp";
            case "object" -> objectType(field.fields, indent);
            case "array" -> field.items == null ? "unknown[]" : "Array<" + type(field.items, indent) + ">";
            default -> "unknown";
        };
    }

    private static final String PRELUDE = """
            /** An instant: an ISO-8601 string with a zone, or a Date (sent as its ISO string). */
            export type Timestamp = string | Date;

            export interface PadicOptions {
              /** Where PAdic answers, e.g. https://api.example.com (without /v1). */
              baseUrl: string;
              /** An API key of this project with the events:write scope. */
              apiKey: string;
              /** Attempts per event when the network fails or PAdic answers 429 or 503 (default 3). */
              attempts?: number;
              fetch?: typeof fetch;
            }

            export interface SendOptions {
              /** Sending again with the same key stores the event once; a random one is made when absent. */
              idempotencyKey?: string;
              /** When it happened, by your clock (analytics use it; folds do not). */
              occurredAt?: Timestamp;
            }

            export interface Pin { objectId: string; seq: number; }

            /** PAdic's answer: the event's id and the seq it took in each object's history. */
            export interface SentEvent { id: string; type: string; createdAt: string; pins: Pin[]; }

            /** An application/problem+json body: title, detail, and errors naming each field. */
            export type Problem = { title?: string; detail?: string; [member: string]: unknown };

            /** A refusal: the status and the problem, which names the field. */
            export class PadicError extends Error {
              constructor(readonly status: number, readonly problem: Problem) {
                super(`PAdic answered ${status}: ${problem.detail ?? problem.title ?? "no detail"}`);
              }
            }

            """;

    private static final String CLIENT_START = """
            /** Sends this project's events, one method per event type. */
            export class PadicEvents {
              private readonly options: PadicOptions;

              constructor(options: PadicOptions) {
                this.options = options;
              }
            """;

    private static final String CLIENT_END = """

              /** Sends one event; retries with the same Idempotency-Key, so it is stored once. */
              async send(type: string, concerns: string | string[], metaData: object, options: SendOptions = {}): Promise<SentEvent> {
                const doFetch = this.options.fetch ?? fetch;
                const key = options.idempotencyKey ?? newKey();
                const occurredAt = options.occurredAt instanceof Date ? options.occurredAt.toISOString() : options.occurredAt;
                const body = JSON.stringify({ type, concerns, metaData, occurredAt });
                const attempts = Math.max(1, this.options.attempts ?? 3);
                for (let attempt = 1; ; attempt++) {
                  let answer: Response;
                  try {
                    answer = await doFetch(this.options.baseUrl.replace(/\\/+$/, "") + "/v1/events", {
                      method: "POST",
                      headers: {
                        "Authorization": `Bearer ${this.options.apiKey}`,
                        "Content-Type": "application/json",
                        "Idempotency-Key": key,
                      },
                      body,
                    });
                  } catch (failure) {
                    if (attempt >= attempts) throw failure;
                    await pause(attempt, null);
                    continue;
                  }
                  if (answer.ok) return (await answer.json()) as SentEvent;
                  if ((answer.status === 429 || answer.status === 503) && attempt < attempts) {
                    await pause(attempt, answer.headers.get("Retry-After"));
                    continue;
                  }
                  const text = await answer.text();
                  let problem: Problem = { detail: text };
                  try { problem = JSON.parse(text); } catch { /* not JSON: keep the text */ }
                  throw new PadicError(answer.status, problem);
                }
              }
            }

            /** A random Idempotency-Key: crypto.randomUUID where there is one (browsers, Node 19+), else 128 random bits. */
            function newKey(): string {
              const c = (globalThis as unknown as { crypto?: { randomUUID?: () => string } }).crypto;
              if (c?.randomUUID) return c.randomUUID();
              let key = "";
              for (let i = 0; i < 4; i++) key += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, "0");
              return key;
            }

            function pause(attempt: number, retryAfter: string | null): Promise<void> {
              const seconds = retryAfter !== null && /^\\d+$/.test(retryAfter) ? Math.min(Number(retryAfter), 30) : attempt;
              return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
            }
            """;
}
