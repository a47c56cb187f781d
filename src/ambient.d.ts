// Ambient module declaration: jstat ships no types; src/random/jstat.ts types what we use.
declare module 'jstat';

