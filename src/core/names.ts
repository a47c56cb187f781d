/** Names an object inherits: as a key they would reach the prototype, not a pool or a tenant. */
export const RESERVED_NAMES = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf'];
