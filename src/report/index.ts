/** What people read: terminal tables, Markdown and the self-contained HTML pages. */
export { comparisonMarkdown, comparisonText } from './comparison.js';
export { type ChartSpec, colour, common, escape, htmlPage, htmlTable, reportHtml, WEEKDAYS } from './html.js';
export { summaryMarkdown } from './summary-md.js';
export { forecastMarkdown, forecastText } from './forecast.js';
export { formatMetric, runList } from './format.js';
export { terminalSummary } from './terminal.js';
