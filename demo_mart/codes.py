"""Code lists (documented domains) of every enumerated column, in spec order.

Generator arrays hold indexes into these tuples. ``wenshu data check`` reads domains from
the bank model's ``values``, not from here; a test keeps ``DOMAINS`` and the model equal.
"""

from __future__ import annotations

GENDERS = ("male", "female")
OCCUPATIONS = (
    "employee", "civil_servant", "self_employed", "business_owner",
    "student", "retired", "freelancer", "other",
)  # fmt: skip
EDUCATIONS = ("high_school_or_below", "associate", "bachelor", "master_or_above")
MARITAL = ("single", "married", "divorced")
ACQUISITION_CHANNELS = ("counter", "app", "wechat", "partner", "referral")
RISK_LEVELS = ("R1", "R2", "R3", "R4", "R5")
REGIONS = ("华东", "华北", "华南", "华中", "西南", "西北", "东北")
CATEGORIES = ("deposit", "loan", "wealth")
PRODUCT_TYPES = (
    "demand_deposit", "time_deposit", "large_cd", "consumer_loan",
    "mortgage", "business_loan", "wealth_management", "fund",
)  # fmt: skip
OPEN_CHANNELS = ("counter", "app", "wechat", "online_banking")
ACCOUNT_STATUSES = ("active", "matured", "closed")
APPLY_CHANNELS = ("counter", "app", "wechat", "partner")
LOAN_STATUSES = ("pending", "rejected", "approved", "disbursed", "settled")
DIRECTIONS = ("in", "out")
TXN_TYPES = (
    "salary", "transfer_in", "transfer_out", "consumption", "cash_deposit", "cash_withdrawal",
    "loan_disbursement", "loan_repayment", "wealth_purchase", "wealth_redemption", "interest",
)  # fmt: skip
TXN_CHANNELS = ("app", "wechat", "online_banking", "counter", "atm", "pos")
EVENT_TYPES = (
    "login", "loan_inquiry", "loan_calculator", "wealth_view", "deposit_rate_view", "product_click",
)  # fmt: skip
PLATFORMS = ("app", "wechat_mini", "online_banking")
OBJECTIVES = (
    "deposit_to_loan", "loan_to_deposit", "wealth_repurchase",
    "dormant_wakeup", "new_customer_activation",
)  # fmt: skip
GROUP_TYPES = ("treatment", "control")
TOUCH_CHANNELS = ("sms", "app_push", "wechat", "phone", "email")
AGE_BANDS = ("<25", "25-34", "35-44", "45-54", "55+")
PERIODS = ("morning", "midday", "afternoon", "evening", "night")

INFLOW_TYPES = frozenset(
    {"salary", "transfer_in", "cash_deposit", "loan_disbursement", "wealth_redemption", "interest"}
)

DOMAINS: dict[tuple[str, str], tuple[str, ...]] = {
    ("branches", "region"): REGIONS,
    ("customers", "gender"): GENDERS,
    ("customers", "occupation"): OCCUPATIONS,
    ("customers", "education"): EDUCATIONS,
    ("customers", "marital_status"): MARITAL,
    ("customers", "acquisition_channel"): ACQUISITION_CHANNELS,
    ("customers", "risk_level"): RISK_LEVELS,
    ("products", "category"): CATEGORIES,
    ("products", "product_type"): PRODUCT_TYPES,
    ("deposit_accounts", "open_channel"): OPEN_CHANNELS,
    ("deposit_accounts", "status"): ACCOUNT_STATUSES,
    ("loans", "apply_channel"): APPLY_CHANNELS,
    ("loans", "status"): LOAN_STATUSES,
    ("transactions", "direction"): DIRECTIONS,
    ("transactions", "txn_type"): TXN_TYPES,
    ("transactions", "channel"): TXN_CHANNELS,
    ("app_events", "event_type"): EVENT_TYPES,
    ("app_events", "platform"): PLATFORMS,
    ("campaigns", "objective"): OBJECTIVES,
    ("campaigns", "target_product_type"): PRODUCT_TYPES,
    ("campaign_touches", "group_type"): GROUP_TYPES,
    ("campaign_touches", "channel"): TOUCH_CHANNELS,
}


def index(codes: tuple[str, ...], code: str) -> int:
    """Position of ``code`` in a code list."""
    return codes.index(code)
