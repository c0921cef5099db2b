import { describe, expect, it } from 'vitest';
import { filterOptions, moved, pickerChoices, PICKER_RESULTS, withArticle, type PickerOption } from './picker-options.js';

const option = (label: string, value = label.toLowerCase().replace(/\W+/g, '-')): PickerOption => ({ value, label, name: label });

describe('the pickers’ choices', () => {
  const sections = ['Washington', 'Europe', 'Middle East', 'Qiosk'].map((l) => option(l));

  it('lists labels that start with the text first, then those that contain it, at most twenty', () => {
    expect(filterOptions(sections, 'e').map((o) => o.label)).toEqual(['Europe', 'Middle East']);
    expect(filterOptions(sections, 'q').map((o) => o.label)).toEqual(['Qiosk']);
    expect(filterOptions(sections, 'o').map((o) => o.label)).toEqual(['Washington', 'Europe', 'Qiosk']);
    expect(filterOptions([...sections, option('Oceania')], 'o').map((o) => o.label)).toEqual(['Oceania', 'Washington', 'Europe', 'Qiosk']);
    expect(filterOptions(sections, '  EAST ').map((o) => o.label)).toEqual(['Middle East']);
    expect(filterOptions(sections, '')).toEqual(sections);
    const many = Array.from({ length: 50 }, (_, i) => option(`Tag ${i}`));
    expect(filterOptions(many, 'tag')).toHaveLength(PICKER_RESULTS);
  });

  it('leaves out what is chosen, and offers to create a tag only when no option has the typed name', () => {
    const found = [option('Paris (place)', 'paris'), option('Parish councils (topic)', 'parish-councils')].map((o) => ({
      ...o,
      name: o.label.replace(/ \(.*\)$/, ''),
    }));
    const kinds = ['person', 'organization', 'place', 'topic'];
    expect(pickerChoices(found, ['paris'], 'paris', kinds)).toEqual([{ type: 'option', option: found[1] }]);
    const offers = pickerChoices(found, [], '  Paris   harbour ', kinds).filter((c) => c.type === 'create');
    expect(offers).toEqual(kinds.map((kind) => ({ type: 'create', name: 'Paris harbour', kind })));
    // Sections and bylines are never created from the editor.
    expect(pickerChoices(found, [], 'Lyon', []).some((c) => c.type === 'create')).toBe(false);
    expect(pickerChoices(found, [], '   ', kinds).some((c) => c.type === 'create')).toBe(false);
  });

  it('moves a chip up or down, and nowhere past either end', () => {
    expect(moved(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moved(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moved(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moved(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });

  it('names a kind with its article', () => {
    expect(withArticle('organization')).toBe('an organization');
    expect(withArticle('place')).toBe('a place');
  });
});
