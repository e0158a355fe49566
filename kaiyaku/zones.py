"""The places people most often leave from, by time zone (R3.5), with the names people know."""

import functools
from zoneinfo import available_timezones

from django.utils.translation import gettext_lazy as _

# IANA's areas where people live; the rest are aliases (US/…, Etc/GMT+9…) of these.
AREAS = (
    "Africa/",
    "America/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)

# Zones offered when the person is abroad (R3.5); any IANA zone in a URL is accepted too.
COMMON_ZONES = (
    ("America/Los_Angeles", _("アメリカ西部(ロサンゼルス、シアトル)")),
    ("America/Denver", _("アメリカ山岳部(デンバー)")),
    ("America/Chicago", _("アメリカ中部(シカゴ)")),
    ("America/New_York", _("アメリカ東部(ニューヨーク)")),
    ("Pacific/Honolulu", _("ハワイ")),
    ("America/Vancouver", _("カナダ西部(バンクーバー)")),
    ("America/Toronto", _("カナダ東部(トロント)")),
    ("America/Sao_Paulo", _("ブラジル(サンパウロ)")),
    ("Europe/London", _("イギリス(ロンドン)")),
    ("Europe/Paris", _("フランス(パリ)")),
    ("Europe/Berlin", _("ドイツ(ベルリン)")),
    ("Asia/Dubai", _("アラブ首長国連邦(ドバイ)")),
    ("Asia/Kolkata", _("インド")),
    ("Asia/Bangkok", _("タイ(バンコク)")),
    ("Asia/Ho_Chi_Minh", _("ベトナム(ホーチミン)")),
    ("Asia/Singapore", _("シンガポール")),
    ("Asia/Manila", _("フィリピン(マニラ)")),
    ("Asia/Shanghai", _("中国(北京、上海)")),
    ("Asia/Taipei", _("台湾(台北)")),
    ("Asia/Seoul", _("韓国(ソウル)")),
    ("Australia/Perth", _("オーストラリア西部(パース)")),
    ("Australia/Sydney", _("オーストラリア東部(シドニー)")),
    ("Pacific/Auckland", _("ニュージーランド(オークランド)")),
)


@functools.cache
def other_zones() -> tuple[str, ...]:
    """Every place's zone by area, for a person whose region is not in COMMON_ZONES."""
    return tuple(sorted(z for z in available_timezones() if z.startswith(AREAS)))
