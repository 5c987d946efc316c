"""Text of Compare's presentation mode, pinned runs and keyboard keys."""

STRINGS = {
    "present.enter": {"en": "Presentation mode", "zh": "演示模式"},
    "present.enter_help": {
        "en": "For a projector: hides the controls and menus, draws thick paths and large type. "
              "Leave with the button above the chart or Esc.",
        "zh": "适合投影：隐藏控件和菜单，路径加粗、字体放大。点击图上方的按钮或按 Esc 退出。",
    },
    "present.leave": {"en": "Leave presentation mode (Esc)", "zh": "退出演示模式（Esc）"},
    "present.pin": {"en": "Pin these paths (P)", "zh": "固定当前路径（P）"},
    "present.pin_help": {
        "en": "Keeps the paths on the map as faded dotted lines while you change a setting, so the class "
              "sees before and after. Kept in this tab only.",
        "zh": "在你修改设置时，把当前路径以淡色虚线留在图上，方便对比修改前后。只在当前标签页中保留。",
    },
    "present.unpin": {"en": "Unpin", "zh": "取消固定"},
    "present.pinned": {"en": "pinned", "zh": "已固定"},
    "present.keys": {
        "en": "Keys: Space play/pause · ←/→ step · Home start · 1–9 lesson · P pin",
        "zh": "快捷键：空格 播放/暂停 · ←/→ 单步 · Home 回到起点 · 1–9 课程 · P 固定",
    },
}
