/**
 * First steps on the dashboard, for admins and owners: each item links to where it is done
 * and is ticked from real data (the organization, its tax rates, customers and invoices).
 * It can be dismissed (remembered in this browser, per organization) and hides itself once
 * every step is done.
 */
import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Button, Card, Group, Progress, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get, type Page } from '../../api/client.ts';
import type { Organization } from '../../api/types.ts';
import { useSession } from '../../auth/session.tsx';
import { onboardingSteps, type OnboardingFacts } from './onboarding.ts';

const DISMISSED = 'settle.onboarding.dismissed.';

function readDismissed(orgId: string): boolean {
  try {
    return window.localStorage.getItem(DISMISSED + orgId) === '1';
  } catch {
    return false;
  }
}

function Tick({ done }: { done: boolean }) {
  return (
    <ThemeIcon size={22} radius="xl" color={done ? 'teal' : 'gray'} variant={done ? 'filled' : 'light'} aria-hidden="true">
      {done ? (
        <svg width="12" height="12" viewBox="0 0 16 16">
          <path d="M3 8.5l3.2 3L13 4.5" fill="none" stroke="currentColor" strokeWidth="2.2" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
      ) : (
        <svg width="8" height="8" viewBox="0 0 8 8">
          <circle cx="4" cy="4" r="3" fill="currentColor" />
        </svg>
      )}
    </ThemeIcon>
  );
}

export function OnboardingChecklist({ invoiceCount }: { invoiceCount: number }) {
  const { t } = useTranslation();
  const session = useSession();
  const orgId = session.me.organization.id;
  const [dismissed, setDismissed] = useState(() => readDismissed(orgId));
  const show = session.can('admin') && !dismissed;
  const organization = useQuery({ queryKey: ['organization'], queryFn: () => get<Organization>('/organization'), enabled: show });
  const taxRates = useQuery({ queryKey: ['tax-rates', 'onboarding'], queryFn: () => get<Page<unknown>>('/tax-rates?limit=1'), enabled: show });
  const customers = useQuery({ queryKey: ['customers', 'onboarding'], queryFn: () => get<Page<unknown>>('/customers?limit=1'), enabled: show });

  if (!show || !organization.data || !taxRates.data || !customers.data) return null;
  const facts: OnboardingFacts = {
    organization: organization.data,
    taxRates: taxRates.data.data.length,
    customers: customers.data.data.length,
    invoices: invoiceCount,
  };
  const steps = onboardingSteps(facts);
  const done = steps.filter((s) => s.done).length;
  if (done === steps.length) return null;

  const dismiss = () => {
    try {
      window.localStorage.setItem(DISMISSED + orgId, '1');
    } catch {
      // Private mode: hidden for this visit only.
    }
    setDismissed(true);
  };

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="onboarding-title">
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <div style={{ minWidth: 0 }}>
          <Title order={3} size="h4" id="onboarding-title">
            {t('dashboard.onboarding.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('dashboard.onboarding.progress', { done, total: steps.length })}
          </Text>
        </div>
        <Button variant="subtle" size="compact-sm" color="gray" onClick={dismiss}>
          {t('dashboard.onboarding.dismiss')}
        </Button>
      </Group>
      <Progress value={(done / steps.length) * 100} size="sm" mt="sm" mb="md" color="teal" aria-label={t('dashboard.onboarding.progress', { done, total: steps.length })} />
      <Stack gap="xs" component="ul" p={0} m={0} style={{ listStyle: 'none' }}>
        {steps.map((step) => (
          <Group key={step.key} component="li" gap="sm" wrap="nowrap" align="flex-start" aria-label={`${t(`dashboard.onboarding.steps.${step.key}.title`)}: ${step.done ? t('dashboard.onboarding.done') : t('dashboard.onboarding.todo')}`}>
            <Tick done={step.done} />
            <div style={{ minWidth: 0 }}>
              {step.done ? (
                <Text td="line-through" c="dimmed">
                  {t(`dashboard.onboarding.steps.${step.key}.title`)}
                </Text>
              ) : (
                <Anchor component={Link} to={step.to} fw={600}>
                  {t(`dashboard.onboarding.steps.${step.key}.title`)}
                </Anchor>
              )}
              {step.done ? null : (
                <Text size="sm" c="dimmed">
                  {t(`dashboard.onboarding.steps.${step.key}.hint`)}
                </Text>
              )}
            </div>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
