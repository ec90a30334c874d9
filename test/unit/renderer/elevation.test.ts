import { describe, expect, it } from 'vitest';
import { elevationShown, elevationToMm } from '../../../renderer/src/lib/elevation';

describe('elevation typed in metres or feet, sent in millimetres', () => {
  it('converts metres and feet to whole millimetres', () => {
    expect(elevationToMm('120', 'm')).toBe('120000');
    expect(elevationToMm('0.5', 'm')).toBe('500');
    expect(elevationToMm('1,200', 'ft')).toBe('365760');
    expect(elevationToMm(' 1 ', 'ft')).toBe('305');
  });
  it('passes anything else on unchanged, for main to explain', () => {
    expect(elevationToMm('', 'm')).toBe('');
    expect(elevationToMm('-3', 'm')).toBe('-3');
    expect(elevationToMm('12m', 'ft')).toBe('12m');
  });
  it('shows millimetres in the chosen unit', () => {
    expect(elevationShown(120_000, 'm')).toBe('120 m');
    expect(elevationShown(365_760, 'ft')).toBe('1,200 ft');
    expect(elevationShown(500, 'm')).toBe('0.5 m');
  });
});
