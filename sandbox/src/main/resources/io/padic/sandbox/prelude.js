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
    // The delta is copied first: a reducer may hand back parts of the state or of the event.
    const plain = copy(delta);
    return { delta: plain, state: mergePatch(state, copy(plain)) };
  }

  g.__padic = Object.freeze({
    register(type, reducer) {
      reducers.set(type, reducer);
    },
    fold(stateJson, eventsJson, accessLevel) {
      let state = JSON.parse(stateJson);
      const events = JSON.parse(eventsJson);
      failedIndex = -1;
      for (let i = 0; i < events.length; i++) {
        failedIndex = i;
        state = apply(state, events[i], accessLevel).state;
      }
      failedIndex = -1;
      return JSON.stringify(state);
    },
    // The same fold, also returning the state after the first n events for each n of `after` (ascending).
    foldCapturing(stateJson, eventsJson, accessLevel, afterJson) {
      let state = JSON.parse(stateJson);
      const events = JSON.parse(eventsJson);
      const after = JSON.parse(afterJson);
      const states = [];
      let next = 0;
      failedIndex = -1;
      for (let i = 0; i <= events.length; i++) {
        while (next < after.length && after[next] === i) {
          states.push(JSON.stringify(state));
          next++;
        }
        if (i < events.length) {
          failedIndex = i;
          state = apply(state, events[i], accessLevel).state;
        }
      }
      failedIndex = -1;
      return states;
    },
    test(stateJson, eventJson, accessLevel) {
      const state = JSON.parse(stateJson);
      const result = apply(state, JSON.parse(eventJson), accessLevel);
      return [JSON.stringify(result.delta === undefined ? null : result.delta), JSON.stringify(result.state)];
    },
    failedIndex() {
      return failedIndex;
    },
    seal() {
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
