/**
 * The cases of bench/reports.ts: each report's URL, the plain SQL it boils down to (written
 * by hand against the same report summaries the service reads: the overhead of Settle is the
 * ratio), and the scan of the documents the same figures would take without the summaries.
 */
import { sql, type RawBuilder } from 'kysely';
import { addDays } from '../src/domain/dates.ts';

export interface Case {
  name: string;
  url: string;
  /** Lists and search: target 50 ms; reports: 300 ms. */
  list?: boolean;
  plain: RawBuilder<unknown>[];
  scan?: RawBuilder<unknown>[];
}

export interface CaseContext {
  orgId: string;
  customerId: string;
  search: string;
  today: string;
}

const INVOICED = sql.raw(`('open', 'partially_paid', 'paid', 'uncollectible')`);

export function reportCases({ orgId, customerId, search, today }: CaseContext): Case[] {
  const yearAgo = addDays(today, -365);
  const year = `from=${yearAgo}&to=${today}`;
  const org = sql`organization_id = ${orgId}`;
  const inYear = (column: string) => sql`${sql.ref(column)} between ${yearAgo} and ${today}`;
  const daily = (columns: string, where = sql`1 = 1`) =>
    sql`select currency, ${sql.raw(columns)} from report_daily where ${org} and ${where} group by currency`;
  const rankAllTime = (currency: string) => [
    sql`select invoiced from report_customers where ${org} and currency = ${currency} order by invoiced desc limit 1 offset 9`,
    sql`select r.customer_id, r.invoiced, r.received, r.refunded, r.outstanding, c.name from report_customers r join customers c on c.id = r.customer_id
        where r.${org} and r.currency = ${currency} order by r.invoiced desc limit 10`,
  ];
  // A year from `yearAgo`: its partial first month and partial last month as days, whole months between.
  const firstMonth = addDays(`${yearAgo.slice(0, 7)}-01`, 31).slice(0, 7);
  const lastMonth = addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7);
  const edges: [string, string][] = [
    [yearAgo, addDays(`${firstMonth}-01`, -1)],
    [`${today.slice(0, 7)}-01`, today],
  ];

  // New and returning customers of the partial first and last month, from the documents.
  const newCustomersAtEdges = edges.map(
    ([from, to]) => sql`select e.currency, count(*), sum(case when (select min(m.month) from report_customer_months m
        where m.${org} and m.customer_id = e.customer_id and m.invoice_count > 0) = ${from.slice(0, 7)} then 1 else 0 end)
      from (select distinct currency, customer_id from invoices where ${org} and issue_date between ${from} and ${to} and status in ${INVOICED}) as e group by e.currency`,
  );

  return [
    {
      name: 'summary (all time)',
      url: '/api/v1/reports/summary',
      plain: [
        daily('sum(invoiced_total), sum(invoice_count), sum(received), sum(refunded)'),
        sql`select currency, sum(amount_due), sum(invoice_count), sum(case when due_date < ${today} then amount_due else 0 end) from report_due where ${org} group by currency`,
      ],
      scan: [
        sql`select currency, sum(total), count(*) from invoices where ${org} and status in ${INVOICED} group by currency`,
        sql`select currency, sum(amount), count(*) from payments where ${org} and method <> 'customer_credit' group by currency`,
        sql`select p.currency, sum(r.amount) from refunds r join payments p on p.id = r.payment_id where r.${org} group by p.currency`,
        sql`select currency, sum(amount_due), count(*), sum(case when due_date < ${today} then amount_due else 0 end) from invoices
            where ${org} and status in ('open', 'partially_paid') and amount_due > 0 group by currency`,
      ],
    },
    {
      name: 'aging, 100 largest per currency (web page)',
      url: '/api/v1/reports/aging?limit=100',
      plain: [
        sql`select 1 from invoices where ${org} and issue_date > ${today} and status in ('open', 'partially_paid') and amount_due > 0 limit 1`,
        sql`select currency, sum(case when due_date >= ${today} then amount_due else 0 end), sum(case when due_date < ${addDays(today, -90)} then amount_due else 0 end),
              sum(amount_due) from report_due where ${org} group by currency`,
        sql`select currency, count(*) from report_customers where ${org} and open_count > 0 group by currency`,
        ...['EUR', 'USD', 'GBP'].map(
          (currency) => sql`select g.*, c.name from (select customer_id, sum(case when due_date >= ${today} then amount_due else 0 end), sum(amount_due) from invoices
              where ${org} and status in ('open', 'partially_paid') and amount_due > 0 and customer_id in
                (select customer_id from report_customers where ${org} and currency = ${currency} and open_count > 0 order by outstanding desc limit 100)
              group by customer_id, currency) as g join customers c on c.id = g.customer_id`,
        ),
      ],
    },
    {
      name: 'aging, every customer (API default)',
      url: '/api/v1/reports/aging',
      plain: [
        sql`select g.*, c.name from (select currency, customer_id,
              sum(case when due_date >= ${today} then amount_due else 0 end), sum(case when due_date < ${today} and due_date >= ${addDays(today, -30)} then amount_due else 0 end),
              sum(case when due_date < ${addDays(today, -30)} and due_date >= ${addDays(today, -60)} then amount_due else 0 end),
              sum(case when due_date < ${addDays(today, -60)} and due_date >= ${addDays(today, -90)} then amount_due else 0 end),
              sum(case when due_date < ${addDays(today, -90)} then amount_due else 0 end)
            from invoices where ${org} and status in ('open', 'partially_paid') and amount_due > 0 and issue_date <= ${today}
            group by customer_id, currency) as g join customers c on c.id = g.customer_id`,
      ],
    },
    {
      name: 'sales by month (1 year)',
      url: `/api/v1/reports/sales?${year}&group_by=month`,
      plain: [sql`select currency, day, invoiced_net, invoiced_tax, invoiced_total, invoice_count, credited_net, credited_tax, credited_total from report_daily
                  where ${org} and ${inYear('day')} and (invoice_count > 0 or credit_note_count > 0)`],
      scan: [
        sql`select currency, substr(issue_date, 1, 7), sum(subtotal), sum(tax_total), sum(total), count(*) from invoices
            where ${org} and status in ${INVOICED} and ${inYear('issue_date')} group by 1, 2`,
        sql`select currency, substr(issue_date, 1, 7), sum(total) from credit_notes where ${org} and ${inYear('issue_date')} group by 1, 2`,
      ],
    },
    {
      name: 'revenue by month (1 year)',
      url: `/api/v1/reports/revenue?${year}&group_by=month`,
      plain: [sql`select currency, day, received, payment_count, refunded from report_daily where ${org} and ${inYear('day')} and (payment_count > 0 or refund_count > 0)`],
      scan: [
        sql`select currency, substr(date, 1, 7), sum(amount), count(*) from payments where ${org} and method <> 'customer_credit' and ${inYear('date')} group by 1, 2`,
        sql`select p.currency, substr(r.date, 1, 7), sum(r.amount) from refunds r join payments p on p.id = r.payment_id where r.${org} and ${inYear('r.date')} group by 1, 2`,
      ],
    },
    {
      name: 'taxes (1 year)',
      url: `/api/v1/reports/taxes?${year}`,
      plain: [sql`select currency, day, category, percentage, tax_rate_key, taxable, tax, name, name_invoice_id from report_daily_taxes where ${org} and ${inYear('day')} and row_count > 0`],
      scan: [
        sql`select i.currency, l.tax_rate_id, sum(l.net_amount) from invoice_lines l join invoices i on i.id = l.invoice_id
            where i.${org} and i.status in ${INVOICED} and ${inYear('i.issue_date')} group by 1, 2`,
      ],
    },
    {
      name: 'top customers (all time)',
      url: '/api/v1/reports/top-customers',
      plain: ['EUR', 'USD', 'GBP'].flatMap(rankAllTime),
      scan: [
        sql`select currency, customer_id, sum(total) as t, count(*) from invoices where ${org} and status in ${INVOICED}
            group by currency, customer_id order by t desc limit 10`,
      ],
    },
    {
      name: 'top customers (1 year)',
      url: `/api/v1/reports/top-customers?${year}`,
      plain: [
        sql`select * from (select g.*, rank() over (partition by g.currency order by g.invoiced desc) as k from (
              select currency, customer_id, sum(invoiced) as invoiced, sum(received) as received, sum(refunded) as refunded, sum(outstanding) as outstanding from (
                select currency, customer_id, invoiced, received, refunded, 0 as outstanding from report_customer_months
                 where ${org} and month between ${firstMonth} and ${lastMonth}
                ${sql.join(
                  edges.map(([from, to]) => sql`union all select currency, customer_id, total, 0, 0, 0 from invoices where ${org} and issue_date between ${from} and ${to} and status in ${INVOICED}
                    union all select currency, customer_id, 0, amount, 0, 0 from payments where ${org} and date between ${from} and ${to} and method <> 'customer_credit'`),
                  sql` `,
                )}
                union all select currency, customer_id, 0, 0, 0, outstanding from report_customers where ${org} and open_count > 0) as x
              group by currency, customer_id) as g) as ranked where k <= 10`,
      ],
      scan: [
        sql`select currency, customer_id, sum(total) as t, count(*) from invoices where ${org} and status in ${INVOICED} and ${inYear('issue_date')}
            group by currency, customer_id order by t desc limit 10`,
      ],
    },
    {
      name: 'top products (all time)',
      url: '/api/v1/reports/top-products',
      plain: [sql`select currency, product_key, sum(net), sum(quantity), sum(invoice_count) from report_daily_products where ${org} group by currency, product_key`],
      scan: [
        sql`select i.currency, l.product_id, sum(l.net_amount) as t, count(*) from invoice_lines l join invoices i on i.id = l.invoice_id
            where i.${org} and i.status in ${INVOICED} group by 1, 2 order by t desc limit 10`,
      ],
    },
    {
      name: 'customer analytics (1 year), 50 slowest payers (web page)',
      url: `/api/v1/reports/customer-analytics?${year}&limit=50`,
      plain: [
        sql`select * from (select g.*, rank() over (partition by g.currency order by g.d * 1.0 / g.n desc) as k, sum(g.d) over (partition by g.currency), count(*) over (partition by g.currency)
              from (select currency, customer_id, sum(days) as d, sum(invoice_count) as n from report_paid where ${org} and ${inYear('paid_on')} group by currency, customer_id) as g) as r
            join customers c on c.id = r.customer_id where r.k <= 50`,
        sql`select currency, sum(receivable_change) from report_daily where ${org} and day <= ${today} group by currency`,
        daily('sum(invoiced_total)', inYear('day')),
        sql`select currency, month, customers, new_customers from report_monthly_customers where ${org} and month between ${firstMonth} and ${lastMonth}`,
        ...newCustomersAtEdges,
      ],
    },
    {
      name: 'customer analytics (1 year), every customer (API default)',
      url: `/api/v1/reports/customer-analytics?${year}`,
      plain: [
        sql`select g.*, c.name from (select currency, customer_id, sum(days), sum(invoice_count) from report_paid where ${org} and ${inYear('paid_on')}
            group by currency, customer_id) as g join customers c on c.id = g.customer_id`,
        sql`select currency, sum(receivable_change) from report_daily where ${org} and day <= ${today} group by currency`,
        daily('sum(invoiced_total)', inYear('day')),
        sql`select currency, month, customers, new_customers from report_monthly_customers where ${org} and month between ${firstMonth} and ${lastMonth}`,
        ...newCustomersAtEdges,
      ],
      scan: [
        sql`select currency, customer_id, count(*), min(issue_date), max(paid_at) from invoices
            where ${org} and status = 'paid' and paid_at >= ${yearAgo} and paid_at < ${today} group by 1, 2`,
        sql`select customer_id, min(issue_date) from invoices where ${org} and status in ${INVOICED} group by customer_id`,
      ],
    },
    {
      name: 'statement (busiest customer)',
      url: `/api/v1/customers/${customerId}/statement`,
      plain: [
        sql`select id, number, issue_date, total from invoices where ${org} and customer_id = ${customerId} and status in ${INVOICED}`,
        sql`select id, date, amount from payments where ${org} and customer_id = ${customerId}`,
        sql`select id, issue_date, total from credit_notes where ${org} and customer_id = ${customerId}`,
      ],
    },
    {
      name: 'invoice list, first page',
      url: '/api/v1/invoices',
      list: true,
      plain: [sql`select * from invoices where ${org} order by id desc limit 51`],
    },
    {
      name: `invoice search "${search}"`,
      url: `/api/v1/invoices?q=${encodeURIComponent(search)}`,
      list: true,
      plain: [
        sql`select i.* from invoices i where i.${org} and (lower(i.number) like ${`%${search}%`}
            or exists (select 1 from customers c where c.id = i.customer_id and lower(c.name) like ${`%${search}%`})) order by i.id desc limit 51`,
      ],
    },
  ];
}
