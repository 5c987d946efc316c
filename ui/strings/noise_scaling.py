"""Text of the Noise page's conclusion under the learning-rate sweep: read off the sweep's own table
(landscapes.noise.best_lr_scaling), then why, then the notes' linear scaling rule and its conditions."""

_FIT = {
    "en": " (fitted exponent p = {p} in best lr ∝ B^p; the rates tried are {r}× apart, so p is known to "
          "about ±{u}).",
    "zh": "（拟合“最佳 lr ∝ B^p”得到指数 p = {p}；所试学习率相邻相差 {r} 倍，因此 p 的精度约为 ±{u}）。",
}

STRINGS = {
    "noise.scaling.title": {"en": "What this sweep shows", "zh": "这次扫描说明了什么"},
    "noise.scaling.linear": {
        "en": "From B = {b0} to B = {b1} the best learning rate grows about in proportion to B" + _FIT["en"],
        "zh": "从 B = {b0} 到 B = {b1}，最佳学习率大致与 B 成正比地增长" + _FIT["zh"],
    },
    "noise.scaling.sqrt": {
        "en": "From B = {b0} to B = {b1} the best learning rate grows about like √B, not like B" + _FIT["en"],
        "zh": "从 B = {b0} 到 B = {b1}，最佳学习率大致按 √B 增长，而不是按 B 增长" + _FIT["zh"],
    },
    "noise.scaling.slow": {
        "en": "From B = {b0} to B = {b1} the best learning rate grows, but more slowly than √B and far more "
              "slowly than B" + _FIT["en"],
        "zh": "从 B = {b0} 到 B = {b1}，最佳学习率有所增长，但比 √B 慢，更远慢于 B" + _FIT["zh"],
    },
    "noise.scaling.flat": {
        "en": "From B = {b0} to B = {b1} the best learning rate hardly changes with the batch size" + _FIT["en"],
        "zh": "从 B = {b0} 到 B = {b1}，最佳学习率几乎不随批量大小变化" + _FIT["zh"],
    },
    "noise.scaling.falling": {
        "en": "From B = {b0} to B = {b1} the best learning rate falls as the batch grows" + _FIT["en"],
        "zh": "从 B = {b0} 到 B = {b1}，最佳学习率随批量增大而下降" + _FIT["zh"],
    },
    "noise.scaling.plateau": {
        "en": "From B = {b} on it stays at {lr}: the next rate tried, {next}, is no better for any of them.",
        "zh": "从 B = {b} 起它一直是 {lr}：对这些批量大小来说，下一个所试学习率 {next} 都不比它好。",
    },
    "noise.scaling.plateau_top": {
        "en": "From B = {b} on it stays at {lr}, the highest rate tried.",
        "zh": "从 B = {b} 起它一直是 {lr}，即所试的最高学习率。",
    },
    "noise.scaling.linear_prediction": {
        "en": "The linear scaling rule, starting from B = {b0}'s best rate {lr0}, would give {pred} at B = {b1}; "
              "the sweep's best there is {best}.",
        "zh": "若从 B = {b0} 的最佳学习率 {lr0} 出发按线性缩放规则计算，B = {b1} 时应为 {pred}；而扫描得到的最佳值是 "
              "{best}。",
    },
    "noise.scaling.prediction_past_limit": {
        "en": "That rate is impossible on this bowl: scaled linearly, the rate would reach the stability "
              "limit {limit} already at B ≈ {b}.",
        "zh": "在这个碗形曲面上这个学习率不可能成立：按线性缩放，学习率在 B ≈ {b} 时就已达到稳定极限 {limit}。",
    },
    "noise.scaling.at_top": {
        "en": "For B = {sizes} the best rate is the highest one tried ({lr}): the best may lie higher, so "
              "raise the highest learning rate to see it.",
        "zh": "对 B = {sizes}，最佳学习率就是所试的最高值（{lr}）：真正的最佳值可能更高，请调高“最高学习率”"
              "再看。",
    },
    "noise.scaling.at_bottom": {
        "en": "For B = {sizes} the best rate is the lowest one tried ({lr}): the best may lie lower, so "
              "lower the lowest learning rate to see it.",
        "zh": "对 B = {sizes}，最佳学习率就是所试的最低值（{lr}）：真正的最佳值可能更低，请调低“最低学习率”"
              "再看。",
    },
    "noise.scaling.below_limit": {
        "en": "SGD on this bowl is stable for lr < {formula} = {limit}; every best rate is below it (the "
              "largest, {lr}, by a factor {factor}): none of them is cut off by divergence.",
        "zh": "在这个碗形曲面上，SGD 在 lr < {formula} = {limit} 时稳定；所有最佳学习率都低于该值（最大的 {lr} "
              "也低 {factor} 倍）：没有一个是被发散截断的。",
    },
    "noise.scaling.at_limit": {
        "en": "SGD on this bowl is stable for lr < {formula} = {limit}; for B = {sizes} the next rate tried "
              "is at or past it, so there the best rate is held back by the stability limit.",
        "zh": "在这个碗形曲面上，SGD 在 lr < {formula} = {limit} 时稳定；对 B = {sizes}，下一个所试学习率已达到"
              "或超过该值，因此那里的最佳学习率受稳定极限限制。",
    },
    "noise.scaling.next_diverged": {
        "en": "For B = {sizes} the next higher rate diverged (for some seed): the best rate sits at the edge "
              "of stability.",
        "zh": "对 B = {sizes}，更高一档的学习率（在某些种子下）发散了：最佳学习率正处在稳定性的边缘。",
    },
    "noise.scaling.need_two": {
        "en": "Choose two or more batch sizes (with a learning rate that does not diverge) to see how the "
              "best rate scales with B.",
        "zh": "请选择两种或更多批量大小（并且有不发散的学习率），才能看出最佳学习率如何随 B 变化。",
    },
    "noise.scaling.why": {
        "en": "Why: the best rate balances two things. A larger rate gets nearer the minimum in the {steps} "
              "steps every run has, but leaves a larger noise floor: near a minimum SGD's loss settles at "
              "about lr·σ²/(2(2 − lr·λ)) per direction of curvature λ, with σ = σ₁/√B ({s0} at B = {b0}, "
              "{s1} at B = {b1} here). A larger batch lowers the floor, so the balance moves to a larger "
              "rate; but the distance still to travel in the fixed number of steps matters as much, and the "
              "floor grows without bound as lr nears the curvature limit 2/λmax. So with the same number of "
              "steps for every batch size nothing makes the best rate grow like B, and it stays below "
              "2/λmax.",
        "zh": "原因：最佳学习率是两方面的折中。学习率越大，在每次运行都有的 {steps} 步内越接近极小值，但留下的噪声"
              "底也越高：在极小值附近，SGD 的损失在每个曲率为 λ 的方向上约稳定在 lr·σ²/(2(2 − lr·λ))，其中 σ = "
              "σ₁/√B（这里 B = {b0} 时为 {s0}，B = {b1} 时为 {s1}）。批量越大噪声底越低，折中点便移向更大的学习率；"
              "但在固定步数内还剩多少路要走同样重要，而且当 lr 接近曲率极限 2/λmax 时噪声底会无限增大。因此当每种"
              "批量都运行相同步数时，没有任何因素使最佳学习率按 B 成比例增长，而且它始终低于 2/λmax。",
    },
    "noise.scaling.rule": {
        "en": "The notes' rule, “learning rate and batch size scale linearly” (lr = lr₀·B/B₀, the toggle "
              "“Scale lr with batch size” in the sidebar), is an empirical rule of training. It holds when "
              "runs are compared on the same number of examples (a B-times larger batch takes B times fewer "
              "steps), while the gradient noise dominates, and only as long as the scaled rate stays well "
              "below the stability limit 2/λmax (deep networks also warm the rate up over the first steps). "
              "This sweep gives every batch size the same number of steps instead, so a larger batch also "
              "sees more examples.",
        "zh": "笔记中的规则“学习率和批量满足线性缩放”（lr = lr₀·B/B₀，即侧边栏中的“随批量缩放学习率”开关）"
              "是训练中的经验规则。它成立的条件是：按相同的样本数比较各次运行（批量大 B 倍，步数就少 B 倍），"
              "梯度噪声占主导，并且缩放后的学习率始终远低于稳定极限 2/λmax（深度网络还会在最初若干步对学习率"
              "做预热）。而这次扫描让每种批量都运行相同的步数，所以批量越大，见过的样本也越多。",
    },
}
