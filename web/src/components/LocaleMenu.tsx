/**
 * The user's language and number/date format, in the account menu. The choice is kept in
 * this browser; the page reloads so every format, parser and picker starts in it.
 */
import { Menu } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { LOCALE_CHOICES, setUserLocale, userLocale } from '../i18n/locale.ts';

export function LocaleMenuItems() {
  const { t } = useTranslation();
  const current = userLocale();
  return (
    <>
      <Menu.Label>{t('common.layout.language')}</Menu.Label>
      {LOCALE_CHOICES.map((choice) => (
        <Menu.Item
          key={choice.value}
          lang={choice.value}
          aria-current={choice.value === current ? 'true' : undefined}
          fw={choice.value === current ? 700 : undefined}
          onClick={() => {
            setUserLocale(choice.value);
            window.location.reload();
          }}
        >
          {choice.label}
        </Menu.Item>
      ))}
    </>
  );
}
