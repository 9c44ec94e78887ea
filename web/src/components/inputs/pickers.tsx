/**
 * Searchable pickers built from maintained lists, named in the user's language by
 * Intl.DisplayNames: countries (ISO 3166, from countries-and-timezones), currencies (ISO 4217,
 * from currency-codes through the money module), languages with their region (BCP 47) and
 * time zones (IANA, from the browser). A code can no longer be typed wrong: "Germany" is DE.
 */
import { useMemo } from 'react';
import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { getAllCountries } from 'countries-and-timezones';
import { currencyCodeList } from '../../../../src/domain/money/index.ts';
import { userLocale } from '../../i18n/locale.ts';

type PickerProps = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string | null | undefined;
  onChange: (value: string) => void;
};

function displayNames(type: 'region' | 'currency' | 'language'): Intl.DisplayNames | null {
  try {
    return new Intl.DisplayNames([userLocale(), 'en'], { type, fallback: 'code' });
  } catch {
    return null;
  }
}

function nameOf(names: Intl.DisplayNames | null, code: string): string {
  try {
    return names?.of(code) ?? code;
  } catch {
    return code;
  }
}

function sortedByLabel(items: { value: string; label: string }[]): { value: string; label: string }[] {
  const collator = new Intl.Collator(userLocale());
  return items.sort((a, b) => collator.compare(a.label, b.label));
}

/** Keeps a stored value that is not in the list (an old record) selectable instead of blanking it. */
function withCurrent(items: { value: string; label: string }[], current: string | null | undefined) {
  if (current && !items.some((i) => i.value === current)) items.unshift({ value: current, label: current });
  return items;
}

function Picker({ items, value, onChange, ...props }: PickerProps & { items: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  return (
    <Select
      searchable
      clearable
      nothingFoundMessage={t('common.input.nothingFound')}
      comboboxProps={{ withinPortal: true }}
      {...props}
      data={withCurrent([...items], value)}
      value={value ? value : null}
      onChange={(next) => onChange(next ?? '')}
    />
  );
}

export function CountrySelect(props: PickerProps) {
  const items = useMemo(() => {
    const names = displayNames('region');
    return sortedByLabel(Object.keys(getAllCountries()).map((code) => ({ value: code, label: `${nameOf(names, code)} (${code})` })));
  }, []);
  return <Picker items={items} {...props} />;
}

export function CurrencySelect(props: PickerProps) {
  const items = useMemo(() => {
    const names = displayNames('currency');
    return currencyCodeList().map((code) => ({ value: code, label: `${code} — ${nameOf(names, code)}` }));
  }, []);
  return <Picker items={items} {...props} />;
}

/** The languages documents are written in, with the regions that decide their number and date formats. */
const LOCALES = ['en', 'en-US', 'en-GB', 'en-IE', 'en-AU', 'en-CA', 'de', 'de-DE', 'de-AT', 'de-CH', 'de-LU', 'fr', 'fr-FR', 'fr-BE', 'fr-CH', 'fr-CA', 'fr-LU', 'es', 'es-ES', 'es-MX', 'es-AR', 'es-CO', 'es-US'];

export function LanguageSelect(props: PickerProps) {
  const items = useMemo(() => {
    const names = displayNames('language');
    return sortedByLabel(LOCALES.map((code) => ({ value: code, label: `${nameOf(names, code)} (${code})` })));
  }, []);
  return <Picker items={items} {...props} />;
}

export function TimeZoneSelect(props: PickerProps) {
  const items = useMemo(() => {
    const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
    return [...new Set([...zones, 'UTC'])].sort().map((zone) => ({ value: zone, label: zone.replace(/_/g, ' ') }));
  }, []);
  return <Picker items={items} {...props} />;
}
