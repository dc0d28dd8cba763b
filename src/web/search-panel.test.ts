// The search panel's words for the leak rate it searches for: which estimate (the module's group's
// trailing-window rate, two figures, as the server took it) and the data time the map was asked at.
import { describe, expect, it } from 'vitest';
import { searchRateNote } from './search-panel.js';

describe('search rate note', () => {
  const map = { rateSource: 'module-group', leakKgPerDay: 0.49, targetKgPerDay: 0.49 };

  it('names the estimate and the data time it was taken at', () => {
    expect(searchRateNote(map, '2020-08-27T09:16:30.000Z')).toBe(
      "the trailing-window rate of the module's group, 2 figures, data to 09:16Z",
    );
    expect(searchRateNote({ ...map, rateSource: 'station' }, null)).toBe(
      "the station's rate as the isolation plan has it, 2 figures",
    );
  });

  it('says a rate asked for, a default and a residual for what they are', () => {
    expect(searchRateNote({ ...map, rateSource: 'query' }, '2020-08-27T09:16:30Z')).toBe('as asked');
    expect(searchRateNote({ ...map, rateSource: 'default' }, null)).toBe('no leak rate yet: a default');
    expect(searchRateNote({ ...map, targetKgPerDay: 0.05 }, null)).toBe(
      'the residual rate after the last patch',
    );
  });
});
