/** `pipesim fit`: a workload model fitted to a trace, with its report. */
export { DEFAULT_MAX_KS } from './families.js';
export { fittedExperiment, fitTrace, safeName } from './fit-trace.js';
export { describeFit, experimentYaml, fitReportHtml } from './report.js';
