"""Text of ui/work.py: heavy work cut short by its time limit, or refused by its probe."""

STRINGS = {
    "work.partial": {
        "en": "Computed {done} of {total} {unit} ({percent}%), shown here: that took {seconds} s of server time, "
              "all this part of the page may take (about {limit} s), so the rest was left out. To see "
              "everything, {lower}.",
        "zh": "{unit}：已计算 {done} / {total}（{percent}%），下面显示的就是这一部分。它用去了服务器 {seconds} "
              "秒，已达到这部分页面可用的时间（约 {limit} 秒），其余部分没有计算。要看到全部结果，请{lower}。",
    },
    "work.refused": {
        "en": "This would take about {estimate} s of server time (measured on a small part of it just now), while "
              "this part of the page may take about {limit} s, so it was not computed. To compute it, {lower}. "
              "Your settings are kept.",
        "zh": "按当前设置大约需要服务器 {estimate} 秒（刚刚用其中一小部分实测估算），而这部分页面最多可用约 "
              "{limit} 秒，所以没有计算。要计算它，请{lower}。你的设置会保留。",
    },
}
