package io.padic.bench.fold;

/**
 * The node side of the fold benchmark. It runs the fold of the sandbox's own prelude.js: the text from its
 * "The fold" section to the end of the prelude's function (isObject, mergePatch, copy, apply and
 * {@code __padic.fold}), evaluated in strict mode with a stand-in for {@code globalThis}, around the same
 * applyEvent text, timed the same way as {@link FoldWorker}. Node runs none of the prelude's determinism
 * patches and seals nothing (its seal() is never called), so node's objects stay extensible.
 */
final class NodeFold {

    private NodeFold() {
    }

    /** The prelude's marker where the fold starts; everything before it only restricts the global scope. */
    static final String FOLD_MARKER = "// --- The fold";

    /**
     * Usage: {@code node fold.js EVENTS.json REDUCERS.json WARMUP_FOLDS FOLDS PRELUDE.js [PRELUDE.js...]}; with
     * more than one prelude their folds take turns, and there is one RESULT line per prelude.
     */
    static final String SCRIPT = """
            'use strict';
            const fs = require('fs');
            const [eventsFile, reducersFile, warmupArg, foldsArg, ...preludeFiles] = process.argv.slice(2);
            const spec = JSON.parse(fs.readFileSync(reducersFile, 'utf8'));

            // A prelude is "(function () { 'use strict'; const g = globalThis; ... })();": its fold section, up to
            // the function's end, runs as a strict function of a stand-in g, which receives __padic.
            function loadFold(preludeFile) {
              const prelude = fs.readFileSync(preludeFile, 'utf8');
              const start = prelude.indexOf('%s');
              const end = prelude.lastIndexOf('})();');
              if (start < 0 || end < start) {
                throw new Error(preludeFile + ' has no "%s" section before its closing "})();"');
              }
              const g = {};
              new Function('g', "'use strict';\\n" + prelude.slice(start, end))(g);
              for (const [type, body] of Object.entries(spec.reducers)) {
                // The sandbox's wrapper, evaluated as a script like the sandbox's Source.
                g.__padic.register(type, (0, eval)(spec.head + body + spec.tail));
              }
              return { file: preludeFile, padic: g.__padic, warmupNanos: [], foldNanos: [], cpuNanos: [], state: null };
            }

            const variants = preludeFiles.map(loadFold);
            const events = fs.readFileSync(eventsFile, 'utf8');
            const warmupFolds = Number(warmupArg);
            const total = warmupFolds + Number(foldsArg);
            for (let i = 0; i < total; i++) {
              for (const v of variants) {
                const cpuStart = process.cpuUsage();
                const start = process.hrtime.bigint();
                v.state = v.padic.fold('{}', events, spec.accessLevel);
                const nanos = Number(process.hrtime.bigint() - start);
                const cpu = process.cpuUsage(cpuStart);
                if (i < warmupFolds) {
                  v.warmupNanos.push(nanos);
                } else {
                  v.foldNanos.push(nanos);
                  v.cpuNanos.push((cpu.user + cpu.system) * 1000);
                }
              }
            }
            for (const v of variants) {
              console.log('RESULT ' + JSON.stringify({ variant: v.file, runtime: 'node ' + process.version + ' (V8 '
                + process.versions.v8 + ')', jit: true, warmupNanos: v.warmupNanos, foldNanos: v.foldNanos,
                cpuNanos: v.cpuNanos, allocatedBytes: [], state: v.state }));
            }
            """.formatted(FOLD_MARKER, FOLD_MARKER);
}
