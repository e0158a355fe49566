"""Answer sets shared by the tests: a few named people, and a deterministic crowd of varied ones.

Every set here is valid by contract.md (no contradictory answers), so the same sets serve the
planner, the pages, the exports and the golden record of them.
"""

import calendar
import datetime
import random

# The continuing options and destinations of the seeded data (fixtures/iijmio.json).
OPTIONS = ("safety-mail", "meiwaku", "tabuho", "smart-checker", "tobira", "i-filter", "virusbuster")
DESTS = (
    "docomo",
    "au",
    "softbank",
    "rakuten",
    "ahamo",
    "povo",
    "linemo",
    "uq",
    "ymobile",
    "mineo",
    "nuro",
    "other",
)
PLANS = ("giga-2gb", "giga-5gb", "giga-10gb", "giga-20gb")
ZONES = (
    "Asia/Tokyo",
    "America/Los_Angeles",
    "Europe/London",
    "Australia/Sydney",
    "Pacific/Kiritimati",
    "America/New_York",
)

# The people of the journeys: one of each kind the result treats differently.
PLAIN_CANCEL = {"goal": "cancel", "service": "voice", "sim": "physical", "date": "2026-10-20"}
DATA_ESIM_CANCEL = {"goal": "cancel", "service": "data", "sim": "esim", "date": "2026-10-20"}
PORT_OUT = {
    "goal": "mnp",
    "service": "voice",
    "sim": "physical",
    "date": "2026-10-30",
    "dest": "docomo",
}
ABROAD_CANCEL = {**PLAIN_CANCEL, "date": "2026-10-31", "time": "08:00", "tz": "America/Los_Angeles"}
INSTALMENTS = {
    **PLAIN_CANCEL,
    "device_left": "12000",
    "device_payoff": "monthly",
    "device_monthly": "2000",
}
SHARE_LINES = {**PLAIN_CANCEL, "plan": "giga-5gb", "lines": "3", "sim_lost": "1"}
CORPORATE = {**PORT_OUT, "holder": "corporate"}
JOURNEYS = {
    "plain cancel": PLAIN_CANCEL,
    "data eSIM cancel": DATA_ESIM_CANCEL,
    "port out": PORT_OUT,
    "abroad": ABROAD_CANCEL,
    "instalments": INSTALMENTS,
    "share lines": SHARE_LINES,
    "corporate": CORPORATE,
}

# The result pages' examples: a cancellation applied late on the last business days of October
# with a plan and an option that outlives the line, and an eSIM port-out.
LATE_CANCEL = {
    "goal": "cancel",
    "service": "voice",
    "sim": "physical",
    "plan": "giga-5gb",
    "date": "2026-10-30",
    "time": "23:30",
    "options": "tabuho",
}
ESIM_PORT_OUT = {
    "goal": "mnp",
    "service": "voice",
    "sim": "esim",
    "dest": "au",
    "date": "2026-10-30",
}

# The same people as the wizard asks them, one step at a time (the wizard's own query: an
# answer for every question asked, and the boxes ticked on the "which of these apply" page).
WIZARD_CANCEL = {
    "service": "voice",
    "holder": "personal",
    "goal": "cancel",
    "sim": "physical",
    "lines": "1",
    "plan": "giga-5gb",
    "date": "2026-10-27",  # a Tuesday, the member page's maintenance day: the time is asked
    "tz": "Asia/Tokyo",
    "time": "21:00",
    "extras": "",
}
WIZARD_MNP = {
    **{k: v for k, v in WIZARD_CANCEL.items() if k != "time"},
    "goal": "mnp",
    "dest": "povo",
    "sim": "esim",
    "date": "2026-10-30",
}
# Two lines, from abroad: every question of a cancellation, the time zone included.
WIZARD_ABROAD = {**WIZARD_CANCEL, "lines": "2", "tz": "Europe/London"}
WIZARD_INSTALMENTS = {
    **WIZARD_ABROAD,
    "extras": "device",
    "device_left": "12000",
    "device_payoff": "monthly",
    "device_monthly": "2000",
}
# Every box of the "which of these apply" page ticked: each follow-up question is asked.
WIZARD_EXTRAS = {
    **WIZARD_ABROAD,
    "extras": "device,hikari,options,lost,staying",
    "device_left": "12000",
    "device_payoff": "lump",
    "hikari": "mansion",
    "options": "tabuho",
    "sim_lost": "1",
    "staying": "1",
}
# Leaving in 2019, when the seeded minimum term of 2019 contracts still runs: the start month
# is asked (R5.1). The wizard itself offers dates from today on; its URLs take any.
WIZARD_EARLY_CONTRACT = {**WIZARD_ABROAD, "date": "2019-09-20", "started": "2019-08"}


def varied_queries(count, seed=7, first=datetime.date(2019, 1, 1), last=datetime.date(2028, 6, 1)):
    """`count` valid answer sets (query dicts of str), the same ones for the same seed.

    They spread over both goals, every service and SIM form, dates across tax, fee and
    month-end boundaries, zones abroad, share lines, lost cards, instalments, fibre, options and
    holders; half name a plan and a few a contract start month.
    """
    rng = random.Random(seed)
    span = (last - first).days
    queries = []
    for _ in range(count):
        goal = rng.choice(("cancel", "mnp"))
        service = "voice" if goal == "mnp" else rng.choice(("voice", "sms", "data"))
        sim = rng.choice(("physical", "esim"))
        day = first + datetime.timedelta(days=rng.randrange(span + 1))
        if rng.random() < 0.3:  # the last days of a month, where timing costs money
            last_day = calendar.monthrange(day.year, day.month)[1]
            day = day.replace(day=last_day - rng.randrange(4))
        lines = rng.choice((1, 1, 1, 2, 3, 10))
        query = {"goal": goal, "service": service, "sim": sim, "date": day.isoformat()}
        if goal == "cancel":
            if rng.random() < 0.6:
                query["time"] = f"{rng.randrange(24):02d}:{rng.choice((0, 15, 30, 59)):02d}"
        else:
            query["dest"] = rng.choice(DESTS)
        if rng.random() < 0.3:
            query["tz"] = rng.choice(ZONES)
        if lines > 1:
            query["lines"] = str(lines)
        if sim == "physical" and rng.random() < 0.2:
            query["sim_lost"] = str(rng.randrange(lines + 1))
        if rng.random() < 0.5:
            query["plan"] = rng.choice(PLANS)
        if rng.random() < 0.15:
            started = first - datetime.timedelta(days=rng.randrange(3000))
            query["started"] = min(started, day).strftime("%Y-%m")
        if rng.random() < 0.25:
            left = rng.choice((3000, 12000, 28900, 45000, 199_999))
            query["device_left"] = str(left)
            query["device_payoff"] = rng.choice(("lump", "monthly"))
            if query["device_payoff"] == "monthly":
                query["device_monthly"] = str(rng.choice((1000, 2000, 2408, left)))
        if rng.random() < 0.25:
            query["hikari"] = rng.choice(("mansion", "family"))
        if rng.random() < 0.3:
            query["options"] = ",".join(rng.sample(OPTIONS, rng.randrange(1, 4)))
        if rng.random() < 0.25:
            query["holder"] = rng.choice(("corporate", "minor"))
        queries.append(query)
    return queries
