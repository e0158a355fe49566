"""The product's own conventions (facts.md *convention*), each a named constant with its rule.

Figures the business may change (fees, days, hours, addresses) are data, never here.
"""

import datetime

# R3.3: recommend applying by the last day of the month minus 3 (10-28, 11-27).
APPLY_DAYS_BEFORE_MONTH_END = 3
# R3.3 (the article's risk table): from this time on the last day the risk is "very high".
VERY_HIGH_RISK_FROM = datetime.time(23, 0)
# R4.4: a physical SIM may take up to 5 days to arrive; an eSIM is same-day.
SIM_DELIVERY_DAYS = {"physical": 5, "esim": 0}
# R6.1/R6.3: post the cards back within 14 days of the service end, well before the damage fee
# is typically charged (about 3 months after leaving).
RETURN_SIM_WITHIN_DAYS = 14
# R1.4: a line of someone younger than this is in a guardian's name.
ADULT_AGE = 18
# R1.4: the corporate window takes days to a week, so contact it a week ahead.
CORPORATE_LEAD_DAYS = 7
# R4.1: identity verification takes 1–3 business days; finish it 3 days ahead.
IDENTITY_CHECK_BUSINESS_DAYS = (1, 3)
IDENTITY_CHECK_DAYS = 3
# R5.4: advice thresholds for a remaining device balance (yen).
DEVICE_JUST_LEAVE_BELOW = 10_000
DEVICE_PAY_OFF_FROM = 30_000
# R3.5: a slipped application is priced as if made at noon Japan time on the day entered.
INTENDED_TIME = datetime.time(12, 0)
# R7.1: months after effective_month that the final bill and the card matter; a charge made in
# month M reaches the card by M + 2 (so does each remaining instalment); a damage fee for a lost
# card arrives about a month later than the final bill (R6.3).
FINAL_BILL_AFTER_MONTHS = 1
CARD_VALID_AFTER_MONTHS = 2
DAMAGE_FEE_CARD_VALID_AFTER_MONTHS = 3

# R1.2: the plans' prices in the data are the voice line's (the article's table); a data or SMS
# line's own price is not known, so it is never charged a voice line's.
PRICED_SERVICE = "voice"

# Slugs of the help pages that explain a step (kaiyaku.help.HELP_PAGES).
HELP_LOGIN = "login"
HELP_CANCEL_MENU = "cancel-menu"
HELP_MNP_NUMBER = "mnp-number"
HELP_COMPLETION_MAIL = "completion-mail"
