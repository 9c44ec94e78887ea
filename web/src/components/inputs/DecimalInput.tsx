/**
 * An amount, quantity or percentage typed in the user's locale ("1.500,00" in de-DE) and held
 * as the API's exact decimal string ("1500.00"). The form sees the decimal string as soon as
 * the text reads as a number, and the raw text otherwise (so it cannot be saved as a number
 * by accident); the field says what it expects. Use it for every number a person types.
 */
import { useState, type ReactNode } from 'react';
import { TextInput, type TextInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDecimal, parseDecimal } from '../../i18n/numbers.ts';
import { userLocale } from '../../i18n/locale.ts';

export interface DecimalInputProps extends Omit<TextInputProps, 'value' | 'onChange' | 'defaultValue'> {
  value: string | undefined | null;
  onChange: (value: string) => void;
  /** Accept a trailing "%" (discounts typed as "5%"). */
  percent?: boolean;
  /** Digits shown after the separator when not editing, e.g. 2 for money. */
  minimumFractionDigits?: number;
  error?: ReactNode;
}

export function DecimalInput({ value, onChange, percent, minimumFractionDigits, error, onBlur, onFocus, ...props }: DecimalInputProps) {
  const { t } = useTranslation();
  const locale = userLocale();
  const [editing, setEditing] = useState<string | null>(null);
  const canonical = value ?? '';
  const shown = editing ?? (/^-?\d+(\.\d+)?$/.test(canonical) ? formatDecimal(canonical, locale, { minimumFractionDigits }) : canonical);
  const parsed = parseDecimal(shown, locale, { percent });
  const ownError = editing === null && shown.trim() !== '' && !parsed.ok ? t('common.input.notANumber', { example: formatDecimal('1500.25', locale) }) : null;

  return (
    <TextInput
      inputMode="decimal"
      autoComplete="off"
      {...props}
      value={shown}
      error={error ?? ownError}
      onFocus={(event) => {
        setEditing(shown);
        onFocus?.(event);
      }}
      onBlur={(event) => {
        setEditing(null);
        onBlur?.(event);
      }}
      onChange={(event) => {
        const text = event.currentTarget.value;
        setEditing(text);
        const result = parseDecimal(text, locale, { percent });
        onChange(result.ok ? result.value : text.trim());
      }}
    />
  );
}
