/**
 * What `require('pipesim')` gives a policy compiled to CommonJS (resolve-self.ts maps the name
 * here): a plain copy of the ES-module API, loaded beforehand. Requiring the ES module itself
 * would hand tsx's interop a frozen namespace it cannot add `default` to.
 */
module.exports = (globalThis as Record<symbol, unknown>)[Symbol.for('pipesim.api')];
