import { describe, expect, it } from 'vitest';
import { formatDuration, formatSize, parseBandwidth, parseDuration, parseSize } from '../../src/config/units.js';

describe.each([
  ['90s', 90], ['5m', 300], ['2h', 7200], ['3d', 259200], ['1w', 604800], ['250ms', 0.25], ['1.5h', 5400], [42, 42], ['5 min', 300],
])('parseDuration(%j)', (input, seconds) => {
  it(`is ${seconds} s`, () => expect(parseDuration(input)).toBeCloseTo(seconds, 12));
});

describe.each([
  ['10GB', 1e10], ['512MB', 5.12e8], ['2GiB', 2 * 1024 ** 3], ['1.5TB', 1.5e12], [100, 100], ['7B', 7],
])('parseSize(%j)', (input, bytes) => {
  it(`is ${bytes} bytes`, () => expect(parseSize(input)).toBeCloseTo(bytes, 3));
});

describe.each([
  ['1Gbps', 1.25e8], ['10Gbps', 1.25e9], ['100MB/s', 1e8], ['800Mbps', 1e8], [5, 5],
])('parseBandwidth(%j)', (input, bytesPerSecond) => {
  it(`is ${bytesPerSecond} bytes/s`, () => expect(parseBandwidth(input)).toBeCloseTo(bytesPerSecond, 3));
});

it.each(['5 parsecs', '10gb', 'm5', '', '1e'])('rejects %j', (input) => {
  expect(parseDuration(input)).toBeUndefined();
  expect(parseSize(input)).toBeUndefined();
});

it('formats for people', () => {
  expect([formatDuration(0.5), formatDuration(42), formatDuration(600), formatDuration(9000), formatDuration(3 * 86400)])
    .toEqual(['500 ms', '42.0 s', '10.0 min', '2.50 h', '3.00 d']);
  expect(formatSize(7.93e14)).toBe('793 TB');
});
