// Runs once in every reducer context, before any user code. It makes reducers deterministic (no clock,
// no randomness: the event's createdAt is the clock), removes what could load code, and defines the fold.
// After the reducers are registered, seal() freezes every object reachable from the global scope, so
// nothing a reducer does can outlive the call that did it.
(function () {
  'use strict';
  const g = globalThis;

  function unavailable(what) {
    return function () {
      throw new Error(what + ' is not available in reducers: they must be deterministic. '
        + 'Use event.createdAt as the clock.');
    };
  }

  // --- Determinism -----------------------------------------------------------------------------
  Math.random = unavailable('Math.random()');

  const RealDate = Date;
  const SafeDate = function Date(...args) {
    if (new.target === undefined) {
      unavailable('Date() without new')();
    }
    if (args.length === 0) {
      unavailable('new Date() without arguments')();
    }
    return Reflect.construct(RealDate, args, new.target);
  };
  Object.defineProperty(SafeDate, 'prototype', { value: RealDate.prototype });
  Object.defineProperty(RealDate.prototype, 'constructor', { value: SafeDate, writable: true, configurable: true });
  SafeDate.UTC = RealDate.UTC;
  SafeDate.parse = RealDate.parse;
  SafeDate.now = unavailable('Date.now()');
  g.Date = SafeDate;

  if (typeof Intl !== 'undefined' && Intl.DateTimeFormat) {
    const proto = Intl.DateTimeFormat.prototype;
    const realFormat = Object.getOwnPropertyDescriptor(proto, 'format').get;
    const realFormatToParts = proto.formatToParts;
    Object.defineProperty(proto, 'format', {
      get() {
        const bound = realFormat.call(this);
        return function (date) {
          if (date === undefined) {
            unavailable('Intl.DateTimeFormat.format() without a date')();
          }
          return bound(date);
        };
      },
      configurable: true
    });
    proto.formatToParts = function (date) {
      if (date === undefined) {
        unavailable('Intl.DateTimeFormat.formatToParts() without a date')();
      }
      return realFormatToParts.call(this, date);
    };
  }
  if (typeof performance !== 'undefined') {
    delete g.performance;
  }

  // Legacy RegExp statics (RegExp.$1, lastMatch, input, ...) would carry the last match into the next fold.
  for (const name of ['input', '$_', 'lastMatch', '$&', 'lastParen', '$+', 'leftContext', '$`', 'rightContext', "$'",
    '$1', '$2', '$3', '$4', '$5', '$6', '$7', '$8', '$9']) { delete RegExp[name]; }

  // --- Nothing that loads code or reaches the host -----------------------------------------------
  for (const name of ['load', 'loadWithNewGlobal', 'Java', 'Polyglot', 'Graal', 'quit', 'exit', 'read', 'readbuffer',
    'readline', 'print', 'printErr', 'Packages', 'java', 'javax', 'com', 'org', 'edu', 'net']) {
    if (name in g) {
      delete g[name];
    }
  }

  // --- The fold ----------------------------------------------------------------------------------
  const reducers = new Map();
  const defaultReducer = function applyEvent(state, event) {
    return event.metaData;
  };
  let failedIndex = -1;

  function isObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  // RFC 7396 section 2, applied in place to a target the fold owns.
  function mergePatch(target, patch) {
    if (!isObject(patch)) {
      return patch;
    }
    if (!isObject(target)) {
      target = {};
    }
    for (const key of Object.keys(patch)) {
      const value = patch[key];
      if (value === null) {
        delete target[key];
      } else {
        // Own properties only, defined rather than assigned: keys such as "__proto__" or "constructor"
        // are data like any other, and the frozen prototypes must not refuse them.
        const current = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
        Object.defineProperty(target, key,
          { value: mergePatch(current, value), writable: true, enumerable: true, configurable: true });
      }
    }
    return target;
  }

  function copy(value) {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  }

  const objectPrototype = Object.prototype;

  // Sets an own data property: assigned when no prototype has the key (the fast way), else defined, since
  // keys such as "__proto__" or "toString" are data like any other and the frozen prototypes refuse them.
  function own(target, key, value) {
    if (key in objectPrototype) {
      Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
    } else {
      target[key] = value;
    }
  }

  // What copy() gives for the common delta, a plain object of strings, booleans, finite numbers and nulls,
  // without the round trip through JSON text (which turns -0 into 0: so does this, or a state folded in one
  // go would differ from one folded from a stored state); undefined for anything else (nested values, arrays,
  // NaN, a prototype other than Object.prototype or null), which goes through copy().
  function flatCopy(value) {
    const proto = Object.getPrototypeOf(value);
    if (proto !== objectPrototype && proto !== null) {
      return undefined;
    }
    const out = {};
    for (const key of Object.keys(value)) {
      const v = value[key];
      const t = typeof v;
      if (t !== 'string' && t !== 'boolean' && v !== null && !(t === 'number' && Number.isFinite(v))) {
        return undefined;
      }
      own(out, key, t === 'number' ? v + 0 : v);
    }
    return out;
  }

  // A fresh copy of a value made by JSON.parse (plain objects, arrays, strings, numbers, booleans, null).
  function copyParsed(value) {
    if (typeof value !== 'object' || value === null) {
      return value;
    }
    if (Array.isArray(value)) {
      const out = [];
      for (let i = 0; i < value.length; i++) {
        out.push(copyParsed(value[i]));
      }
      return out;
    }
    const out = {};
    for (const key of Object.keys(value)) {
      own(out, key, copyParsed(value[key]));
    }
    return out;
  }

  function describe(value) {
    return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  }

  function apply(state, event, accessLevel) {
    const reducer = reducers.get(event.type) || defaultReducer;
    const delta = reducer(state, event, accessLevel);
    if (delta === undefined) {
      return { delta: undefined, state };
    }
    if (!isObject(delta)) {
      throw new TypeError('applyEvent must return an object (the delta to merge into the state), not '
        + describe(delta));
    }
    // The delta is copied first: a reducer may hand back parts of the state or of the event. mergePatch never
    // changes its patch and builds its own objects for nested ones, so one copy serves both.
    const plain = flatCopy(delta) || copy(delta);
    return { delta: plain, state: mergePatch(state, plain) };
  }

  function isEnvelope(event, keys) {
    const actual = Object.keys(event);
    if (actual.length !== keys.length || !Array.isArray(event.concerns)) {
      return false;
    }
    for (let i = 0; i < keys.length; i++) {
      const value = event[keys[i]];
      if (actual[i] !== keys[i]
          || (keys[i] !== 'concerns' && keys[i] !== 'metaData' && value !== null && typeof value === 'object')) {
        return false;
      }
    }
    return event.concerns.every(c => typeof c === 'string');
  }

  const ENVELOPE = ['id', 'seq', 'type', 'createdAt', 'concerns', 'metaData'];
  const ENVELOPE_OCCURRED = ['id', 'seq', 'type', 'createdAt', 'occurredAt', 'concerns', 'metaData'];

  // How a kept event is copied: 1 and 2 are the envelope platform-api sends (without and with occurredAt),
  // copied as object literals of the same keys in the same order; 0 is anything else, copied key by key.
  function shapeOf(event) {
    return isObject(event) ? isEnvelope(event, ENVELOPE) ? 1 : isEnvelope(event, ENVELOPE_OCCURRED) ? 2 : 0 : 0;
  }

  function copyKept(event, shape) {
    if (shape === 1) {
      return { id: event.id, seq: event.seq, type: event.type, createdAt: event.createdAt,
        concerns: event.concerns.slice(), metaData: copyParsed(event.metaData) };
    }
    if (shape === 2) {
      return { id: event.id, seq: event.seq, type: event.type, createdAt: event.createdAt,
        occurredAt: event.occurredAt, concerns: event.concerns.slice(), metaData: copyParsed(event.metaData) };
    }
    return copyParsed(event);
  }

  // Events parsed by earlier folds of this context, by slot; the host keeps which event text is in which slot
  // and hands over only the texts it has not sent before. Reducers never get these objects, only fresh copies,
  // so nothing a reducer does to its event reaches another fold.
  const parsed = [];
  const shapes = [];
  let folding = false;

  // The state after each fold step of `events` (a function of the step's index), captured after the first n
  // events for each n of `after` (ascending); the last state when `after` is null.
  function run(stateJson, count, eventAt, accessLevel, after) {
    if (folding) {
      throw new Error('A fold cannot start inside a fold');
    }
    folding = true;
    try {
      let state = JSON.parse(stateJson);
      const states = [];
      let next = 0;
      failedIndex = -1;
      for (let i = 0; i <= count; i++) {
        while (after !== null && next < after.length && after[next] === i) {
          states.push(JSON.stringify(state));
          next++;
        }
        if (i < count) {
          failedIndex = i;
          state = apply(state, eventAt(i), accessLevel).state;
        }
      }
      failedIndex = -1;
      return after === null ? JSON.stringify(state) : states;
    } finally {
      folding = false;
    }
  }

  let sealed = false;

  g.__padic = Object.freeze({
    register(type, reducer) {
      // Reducers can reach __padic too: once sealed, none may replace another for the context's later folds.
      if (sealed) {
        throw new Error('Reducers are registered before the context is sealed');
      }
      reducers.set(type, reducer);
    },
    fold(stateJson, eventsJson, accessLevel) {
      const events = JSON.parse(eventsJson);
      return run(stateJson, events.length, i => events[i], accessLevel, null);
    },
    // The same fold, also returning the state after the first n events for each n of `after` (ascending).
    foldCapturing(stateJson, eventsJson, accessLevel, afterJson) {
      const events = JSON.parse(eventsJson);
      return run(stateJson, events.length, i => events[i], accessLevel, JSON.parse(afterJson));
    },
    // foldCapturing over events kept between folds: event i is a copy of parsed[slots[i]], or for a negative
    // slot s the new event -s-1 of freshJson; new event k is kept in parsed[freshSlots[k]] unless that is -1.
    foldParsed(stateJson, slotsJson, freshJson, freshSlotsJson, accessLevel, afterJson) {
      const slots = JSON.parse(slotsJson);
      const fresh = JSON.parse(freshJson);
      const freshSlots = JSON.parse(freshSlotsJson);
      for (let k = 0; k < fresh.length; k++) {
        if (freshSlots[k] >= 0) {
          parsed[freshSlots[k]] = fresh[k];
          shapes[freshSlots[k]] = shapeOf(fresh[k]);
        }
      }
      return run(stateJson, slots.length, i => {
        const slot = slots[i];
        return slot >= 0 ? copyKept(parsed[slot], shapes[slot]) : fresh[-slot - 1];
      }, accessLevel, JSON.parse(afterJson));
    },
    test(stateJson, eventJson, accessLevel) {
      if (folding) {
        throw new Error('A fold cannot start inside a fold');
      }
      const state = JSON.parse(stateJson);
      const result = apply(state, JSON.parse(eventJson), accessLevel);
      return [JSON.stringify(result.delta === undefined ? null : result.delta), JSON.stringify(result.state)];
    },
    failedIndex() {
      return failedIndex;
    },
    seal() {
      sealed = true;
      const seen = new Set();
      // Also the reducers, and intrinsics that no global reaches (iterator, generator and segment prototypes).
      const queue = [g, ...reducers.values(), [].values(), [].values().map(x => x), Iterator.from({ next() {} }),
        new Map().values(), new Set().values(), 'a'.matchAll(/a/g), function* () {}, async function () {},
        async function* () {}, new Intl.Segmenter().segment(''), new Intl.Segmenter().segment('')[Symbol.iterator](),
        ''[Symbol.iterator]()];
      while (queue.length > 0) {
        const value = queue.pop();
        if (value === null || (typeof value !== 'object' && typeof value !== 'function') || seen.has(value)) {
          continue;
        }
        seen.add(value);
        for (const key of Reflect.ownKeys(value)) {
          const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
          if (descriptor === undefined) {
            continue;
          }
          if ('value' in descriptor) {
            queue.push(descriptor.value);
          } else {
            queue.push(descriptor.get, descriptor.set);
          }
        }
        queue.push(Object.getPrototypeOf(value));
        Object.freeze(value);
      }
    }
  });
})();
