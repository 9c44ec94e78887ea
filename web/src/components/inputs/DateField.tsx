/**
 * A date typed or picked in the user's locale order ("06.12.2026" in de-DE, "12/06/2026" in
 * en-US) and held as the API's ISO date ("2026-12-06", or "" when empty). An ISO date typed
 * or pasted is read too. Use it for every date a person enters.
 */
import { DateInput, type DateInputProps } from '@mantine/dates';
import { datePatternOf, parseDate } from '../../i18n/dates.ts';
import { languageOf, userLocale, type Language } from '../../i18n/locale.ts';

/** "DD.MM.YYYY" in the letters each language reads: TT.MM.JJJJ, JJ/MM/AAAA, DD/MM/AAAA. */
const LETTERS: Record<Language, { D: string; M: string; Y: string }> = {
  en: { D: 'D', M: 'M', Y: 'Y' },
  de: { D: 'T', M: 'M', Y: 'J' },
  fr: { D: 'J', M: 'M', Y: 'A' },
  es: { D: 'D', M: 'M', Y: 'A' },
};

function placeholderOf(format: string, language: Language): string {
  const letters = LETTERS[language];
  return format.replace(/[DMY]/g, (c) => letters[c as 'D' | 'M' | 'Y']);
}

export interface DateFieldProps extends Omit<DateInputProps, 'value' | 'onChange' | 'defaultValue'> {
  value: string | undefined | null;
  onChange: (value: string) => void;
}

export function DateField({ value, onChange, ...props }: DateFieldProps) {
  const locale = userLocale();
  const pattern = datePatternOf(locale);
  return (
    <DateInput
      valueFormat={pattern.format}
      placeholder={placeholderOf(pattern.format, languageOf(locale))}
      dateParser={(text) => parseDate(text, locale)}
      clearable
      popoverProps={{ withinPortal: true }}
      {...props}
      value={value ? value : null}
      onChange={(next) => onChange(next ?? '')}
    />
  );
}
