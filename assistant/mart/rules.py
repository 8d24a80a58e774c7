"""Data-quality rules for a mart: each rule is a query returning the key of every bad row.

Structural rules (keys, references, domains, required columns, signs) are derived
from the schema tables with sqlglot; business rules are hand-written queries below.
Every rule's query yields one column, ``key``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlglot import exp

from assistant.mart.codes import DOMAINS, INFLOW_TYPES
from assistant.mart.schema import MONEY, PRIMARY_KEYS, TABLES


@dataclass(frozen=True)
class Rule:
    """A named check: either a row predicate on ``table`` (``where``) or a full ``sql`` query."""

    name: str
    table: str
    en: str
    zh: str
    where: str = ""  # bad rows of ``table``; rules with a predicate are run in one scan per table
    sql: str = ""  # a query returning ``key`` for each bad row


FOREIGN_KEYS: tuple[tuple[str, str, str, str], ...] = (
    ("customers", "branch_id", "branches", "branch_id"),
    ("deposit_accounts", "customer_id", "customers", "customer_id"),
    ("deposit_accounts", "product_id", "products", "product_id"),
    ("loans", "customer_id", "customers", "customer_id"),
    ("loans", "product_id", "products", "product_id"),
    ("balances_monthly", "customer_id", "customers", "customer_id"),
    ("transactions", "customer_id", "customers", "customer_id"),
    ("app_events", "customer_id", "customers", "customer_id"),
    ("app_events", "product_id", "products", "product_id"),
    ("survey_responses", "customer_id", "customers", "customer_id"),
    ("campaign_touches", "campaign_id", "campaigns", "campaign_id"),
    ("campaign_touches", "customer_id", "customers", "customer_id"),
)
NULLABLE = {
    ("products", "term_months"),
    ("deposit_accounts", "maturity_date"),
    ("deposit_accounts", "close_date"),
    ("loans", "decision_date"),
    ("loans", "disburse_date"),
    ("app_events", "product_id"),
    ("campaign_touches", "sent_at"),
    ("campaign_touches", "opened_at"),
    ("campaign_touches", "clicked_at"),
    ("campaign_touches", "converted_at"),
    ("campaign_touches", "conversion_amount"),
}


def _key(table: str) -> exp.Expr:
    cols = [exp.cast(exp.column(c), "VARCHAR") for c in PRIMARY_KEYS[table]]
    key = cols[0] if len(cols) == 1 else exp.func("concat_ws", exp.Literal.string("/"), *cols)
    return key.as_("key")


def _rule(name: str, table: str, query: exp.Expr, en: str, zh: str) -> Rule:
    return Rule(name, table, en, zh, sql=query.sql(dialect="duckdb"))


def _row_rule(name: str, table: str, cond: exp.Expr, en: str, zh: str) -> Rule:
    return Rule(name, table, en, zh, where=cond.sql(dialect="duckdb"))


def key_expression(table: str) -> exp.Expr:
    """The primary key of ``table`` as one VARCHAR named ``key``."""
    return _key(table)


def structural_rules() -> list[Rule]:
    """Key, reference, domain, required-column and sign rules for every table."""
    rules: list[Rule] = []
    for table, key_cols in PRIMARY_KEYS.items():
        group = [exp.column(c) for c in key_cols]
        q = exp.select(_key(table)).from_(table).group_by(*group).having("count(*) > 1")
        rules.append(_rule("primary_key_unique", table, q, f"duplicate {'/'.join(key_cols)}",
                           f"{'/'.join(key_cols)} 重复"))  # fmt: skip
    for table, col, ref, ref_col in FOREIGN_KEYS:
        sub = exp.select(exp.column(ref_col)).from_(ref)
        cond = exp.and_(
            exp.column(col).is_(exp.null()).not_(), exp.column(col).isin(query=sub).not_()
        )
        q = exp.select(_key(table)).from_(table).where(cond)
        rules.append(_rule("foreign_key", table, q, f"{col} not found in {ref}.{ref_col}",
                           f"{col} 在 {ref}.{ref_col} 中不存在"))  # fmt: skip
    for (table, col), values in DOMAINS.items():
        allowed = [exp.Literal.string(v) for v in values]
        cond = exp.and_(
            exp.column(col).is_(exp.null()).not_(), exp.column(col).isin(*allowed).not_()
        )
        rules.append(_row_rule("code_domain", table, cond, f"{col} outside its documented codes",
                               f"{col} 取值不在口径定义的代码表内"))  # fmt: skip
    for table, columns in TABLES.items():
        for col, kind in columns:
            if (table, col) not in NULLABLE:
                cond = exp.column(col).is_(exp.null())
                rules.append(
                    _row_rule("required_value", table, cond, f"{col} is NULL", f"{col} 为空")
                )
            if kind == MONEY:
                cond = exp.column(col) < 0
                rules.append(
                    _row_rule(
                        "non_negative_amount", table, cond, f"{col} is negative", f"{col} 为负数"
                    )
                )
    return rules


_DIRECTION_MATCHES_TYPE = exp.NEQ(
    this=exp.paren(exp.column("direction").eq(exp.Literal.string("in"))),
    expression=exp.paren(
        exp.column("txn_type").isin(*[exp.Literal.string(t) for t in sorted(INFLOW_TYPES)])
    ),
).sql(dialect="duckdb")
_WINDOW_END = "(SELECT max(month) + INTERVAL 1 MONTH FROM balances_monthly)"
_ID_OK = "regexp_full_match(id_number, '[0-9]{17}[0-9X]')"

ROW_RULES: tuple[Rule, ...] = (
    Rule("positive_amount", "transactions", "transaction amount is not positive", "交易金额不是正数",
         where="amount <= 0"),
    Rule("direction_matches_type", "transactions", "direction disagrees with txn_type", "交易方向与交易类型不一致",
         where=_DIRECTION_MATCHES_TYPE),
    Rule("event_after_window", "transactions", "transaction after the data window", "交易时间晚于数据窗口",
         where=f"txn_time >= {_WINDOW_END}"),
    Rule("loan_dates_order", "loans", "apply_date <= decision_date <= disburse_date does not hold",
         "不满足 申请日 ≤ 审批日 ≤ 放款日",
         where="decision_date < apply_date OR disburse_date < decision_date OR disburse_date < apply_date"),
    Rule("loan_status_dates", "loans", "status disagrees with decision/disburse dates", "贷款状态与审批/放款日期不一致",
         where="(status = 'pending' AND (decision_date IS NOT NULL OR disburse_date IS NOT NULL)) OR "
               "(status IN ('rejected', 'approved') AND (decision_date IS NULL OR disburse_date IS NOT NULL)) OR "
               "(status IN ('disbursed', 'settled') AND (decision_date IS NULL OR disburse_date IS NULL))"),
    Rule("overdue_only_outstanding", "loans", "overdue_days set on a loan that is not outstanding",
         "非在贷贷款存在逾期天数", where="overdue_days < 0 OR (overdue_days > 0 AND status <> 'disbursed')"),
    Rule("positive_term", "loans", "loan term or amount is not positive", "贷款期限或金额不是正数",
         where="term_months <= 0 OR amount <= 0"),
    Rule("product_type_matches_category", "products", "product_type does not belong to the category",
         "产品类型与产品大类不匹配",
         where="NOT ((category = 'deposit' AND product_type IN ('demand_deposit', 'time_deposit', 'large_cd')) OR "
               "(category = 'loan' AND product_type IN ('consumer_loan', 'mortgage', 'business_loan')) OR "
               "(category = 'wealth' AND product_type IN ('wealth_management', 'fund')))"),
    Rule("account_dates_order", "deposit_accounts", "close or maturity date before the open date",
         "销户日或到期日早于开户日", where="close_date < open_date OR maturity_date <= open_date"),
    Rule("account_status_dates", "deposit_accounts", "status disagrees with close/maturity dates",
         "账户状态与销户/到期日期不一致",
         where="(status = 'closed') <> (close_date IS NOT NULL) OR "
               f"(status = 'matured' AND (maturity_date IS NULL OR maturity_date > {_WINDOW_END}))"),
    Rule("campaign_dates_order", "campaigns", "campaign ends before it starts", "活动结束日早于开始日",
         where="end_date < start_date"),
    Rule("touch_funnel", "campaign_touches",
         "clicked without opened, opened without delivered, or delivered without sent",
         "点击但未打开、打开但未送达或送达但未发送",
         where="(clicked_at IS NOT NULL AND opened_at IS NULL) OR (opened_at IS NOT NULL AND NOT delivered) "
               "OR (delivered AND sent_at IS NULL)"),
    Rule("touch_times_order", "campaign_touches", "sent_at <= opened_at <= clicked_at does not hold",
         "不满足 发送 ≤ 打开 ≤ 点击 的时间顺序", where="opened_at < sent_at OR clicked_at < opened_at"),
    Rule("control_not_contacted", "campaign_touches", "a control (hold-out) touch was contacted or has a cost",
         "对照组客户被触达或产生了成本",
         where="group_type = 'control' AND (sent_at IS NOT NULL OR delivered OR opened_at IS NOT NULL "
               "OR clicked_at IS NOT NULL OR cost <> 0)"),
    Rule("survey_score_range", "survey_responses", "survey score outside 1-5", "问卷评分不在 1–5 之间",
         where="loan_intent NOT BETWEEN 1 AND 5 OR wealth_intent NOT BETWEEN 1 AND 5 "
               "OR satisfaction NOT BETWEEN 1 AND 5"),
    Rule("balance_month_first_day", "balances_monthly", "month is not the first day of a month",
         "month 不是月初日期", where="month <> date_trunc('month', month)"),
    Rule("id_number_format", "customers", "id_number is not 17 digits plus a check character",
         "身份证号不是 17 位数字加校验位", where="NOT regexp_full_match(id_number, '[1-9][0-9]{16}[0-9X]')"),
    Rule("id_number_check_digit", "customers", "id_number check digit is wrong (GB 11643)",
         "身份证号校验位错误(GB 11643)",
         where=f"{_ID_OK} AND substr(id_number, 18, 1) <> substr('10X98765432', "
               "CAST(list_sum(list_transform(range(1, 18), lambda i: TRY_CAST(substr(id_number, i, 1) AS INTEGER) "
               "* [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2][i])) % 11 AS INTEGER) + 1, 1)"),
    Rule("id_number_birth_date", "customers", "id_number birth date differs from birth_date",
         "身份证号中的出生日期与 birth_date 不一致", where="substr(id_number, 7, 8) <> strftime(birth_date, '%Y%m%d')"),
    Rule("id_number_gender", "customers", "id_number sex digit disagrees with gender", "身份证号性别位与性别不一致",
         where=f"{_ID_OK} AND (TRY_CAST(substr(id_number, 17, 1) AS INTEGER) % 2 = 1) <> (gender = 'male')"),
    Rule("phone_format", "customers", "phone is not an 11-digit mobile number", "手机号不是 11 位手机号码",
         where="NOT regexp_full_match(phone, '1[3-9][0-9]{9}')"),
    Rule("event_after_window", "app_events", "app event after the data window", "线上行为时间晚于数据窗口",
         where=f"event_time >= {_WINDOW_END}"),
)  # fmt: skip

QUERY_RULES: tuple[Rule, ...] = (
    Rule("product_category", "loans", "loan product is not of category loan", "贷款对应的产品不属于贷款类",
         sql="SELECT CAST(l.loan_id AS VARCHAR) AS key FROM loans l JOIN products p USING (product_id) "
             "WHERE p.category <> 'loan'"),
    Rule("product_category", "deposit_accounts", "account product is not of category deposit",
         "存款账户对应的产品不属于存款类",
         sql="SELECT CAST(a.account_id AS VARCHAR) AS key FROM deposit_accounts a JOIN products p USING (product_id) "
             "WHERE p.category <> 'deposit'"),
    Rule("maturity_matches_type", "deposit_accounts", "maturity_date must be set exactly for time deposits and CDs",
         "仅定期和大额存单应有到期日",
         sql="SELECT CAST(a.account_id AS VARCHAR) AS key FROM deposit_accounts a JOIN products p USING (product_id) "
             "WHERE (a.maturity_date IS NULL) <> (p.product_type = 'demand_deposit')"),
    Rule("conversion_window", "campaign_touches",
         "conversion outside the campaign window plus 30 days, or amount without conversion",
         "转化时间不在活动期加30天内,或转化金额与转化时间不匹配",
         sql="SELECT CAST(t.touch_id AS VARCHAR) AS key FROM campaign_touches t JOIN campaigns c USING (campaign_id) "
             "WHERE t.converted_at < c.start_date OR t.converted_at >= c.end_date + INTERVAL 31 DAY "
             "OR (t.converted_at IS NULL) <> (t.conversion_amount IS NULL)"),
    Rule("balance_before_open", "balances_monthly", "balance row before the customer's open month",
         "开户月之前存在余额记录",
         sql="SELECT concat_ws('/', b.customer_id, b.month) AS key FROM balances_monthly b "
             "JOIN customers c USING (customer_id) WHERE b.month < date_trunc('month', c.open_date)"),
    Rule("balance_rows_complete", "balances_monthly", "not exactly one balance row per month from the open month",
         "余额快照未按月完整覆盖开户以来各月",
         sql="WITH w AS (SELECT min(month) AS lo, max(month) AS hi FROM balances_monthly), "
             "n AS (SELECT customer_id, count(*) AS k FROM balances_monthly GROUP BY customer_id) "
             "SELECT CAST(c.customer_id AS VARCHAR) AS key FROM customers c CROSS JOIN w "
             "LEFT JOIN n USING (customer_id) WHERE coalesce(n.k, 0) <> "
             "datediff('month', greatest(date_trunc('month', c.open_date), w.lo), w.hi) + 1"),
    Rule("loan_balance_without_loan", "balances_monthly", "loan_balance > 0 without a loan disbursed by that month end",
         "有贷款余额但当月末前无已放款贷款",
         sql="SELECT concat_ws('/', b.customer_id, b.month) AS key FROM balances_monthly b "
             "WHERE b.loan_balance > 0 AND NOT EXISTS (SELECT 1 FROM loans l WHERE l.customer_id = b.customer_id "
             "AND l.status IN ('disbursed', 'settled') AND l.disburse_date < b.month + INTERVAL 1 MONTH)"),
    Rule("outstanding_loan_without_balance", "balances_monthly", "an outstanding loan but loan_balance = 0",
         "存在在贷贷款但贷款余额为 0",
         sql="SELECT concat_ws('/', b.customer_id, b.month) AS key FROM balances_monthly b "
             "WHERE b.loan_balance = 0 AND EXISTS (SELECT 1 FROM loans l WHERE l.customer_id = b.customer_id "
             "AND l.status = 'disbursed' AND l.disburse_date < b.month + INTERVAL 1 MONTH)"),
    Rule("deposit_balance_without_account", "balances_monthly",
         "deposit_balance > 0 with no deposit account open at month end", "有存款余额但月末无在用存款账户",
         sql="SELECT concat_ws('/', b.customer_id, b.month) AS key FROM balances_monthly b "
             "WHERE b.deposit_balance > 0 AND NOT EXISTS (SELECT 1 FROM deposit_accounts a "
             "WHERE a.customer_id = b.customer_id AND a.open_date < b.month + INTERVAL 1 MONTH "
             "AND (a.close_date IS NULL OR a.close_date >= b.month + INTERVAL 1 MONTH))"),
)  # fmt: skip


def all_rules() -> list[Rule]:
    """Every rule, structural first."""
    return structural_rules() + list(ROW_RULES) + list(QUERY_RULES)
