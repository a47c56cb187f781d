/** `pipesim fit`: a workload model fitted to a trace, with its report. */
export { DEFAULT_KS_LEVEL, ksCriticalValue } from './families.js';
export { describeLoad, offeredLoad } from './load.js';
export { fittedExperiment, fitTrace, safeName } from './fit-trace.js';
export { describeFit, experimentYaml, fitReportHtml } from './report.js';
