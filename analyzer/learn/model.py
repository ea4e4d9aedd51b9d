"""The sentence labeller: one logistic regression per label over words, characters and rule features,
blended for every label but `exemplar` with gradient-boosted trees over the rule features and the
sentence's most frequent word n-grams.

The linear model cannot weigh one rule feature by another ("hạn chế" is a bare mention in most
sentences, a finding when an inspection and a count stand beside it); trees over the same rule
features can. Averaging the two probabilities raised the cross-validated F1 of
`resolution_target` (+0.005) and `shortcoming` (+0.018) on the natural documents of train + dev,
and changed the other labels by less than fold seeds disagree (once the trees stopped splitting
on the position in the document), so only those two were blended (together about 1.5 ms per
document); once the years of a sentence were told against the submission's (below), the trees
gained `action` and `roadmap` too, then the pillars and `slogan`: every label but `exemplar` is
blended. Letting the trees also see which of the 200 most frequent word n-grams a sentence has
raised the cross-validated F1 of `shortcoming` again (two fold assignments: +0.005 and +0.008 on
the natural documents, +0.014 and +0.009 on `h1`–`h10`) and left `resolution_target` level;
on the 30 test documents, read after the refit, `shortcoming` went from 0.78 to 0.74.

Tried and left out (5-fold cross-validation over train + dev as ``mohinh crossval`` runs it, two
fold assignments, natural documents / `h1`–`h10`; baseline 0.878, 0.877 / 0.866, 0.853): a second
stage re-scoring `shortcoming` with links to the figures of the sentences the first stage scores ≥
0.5 (0.888, 0.889 / 0.855, 0.856; nested 0.884, 0.885 / 0.853, 0.843), which gains on the imitation
batches, not on the original ones; five bagged boosters on half the features each (0.882, 0.879 /
0.863, 0.846). After the third review of the label (baseline 0.876, 0.878 / 0.855, 0.850): links
through a bare repeated number (0.874, 0.872 / 0.847, 0.841) or through people counted under
different nouns ("8/31 học sinh" … "8 em": 0.877, 0.877 / 0.850, 0.845); 48 more training documents
of specific shortcomings stated without a figure, the form with the lowest recall in `h1`–`h10` (8
of 20 found), each trained into every fold of the same assignments (``mohinh crossval --extra
corpora/candidates/figureless`` on their first version, f6bf605: 0.876, 0.878 / 0.845, 0.851): they
lifted those sentences and the imitation batches (+0.009, +0.003) but added as many false positives
on situation statements; with the background lines of real situation sections added to them (the
folder now): 0.878, 0.880 / 0.850, 0.853.

A `shortcoming` is two kinds of sentence: a statement of a specific deficiency, and a commitment,
activity or result row linked back to one (decision 23 (A) and (B) of the corpus guidelines), whose
words and rule features have little in common. So the label is also learned as two parts, its
sentences that are not `action` and those that are (each a logistic regression blended with its
own trees, like the label), and its probability is the mean of its own and the larger of the two
parts' (``SPLIT``). Cross-validated F1 of `shortcoming` (four fold assignments, natural documents /
`h1`–`h10`): 0.876, 0.878, 0.877, 0.878 / 0.855, 0.850, 0.848, 0.844 without the parts; 0.883,
0.883, 0.890, 0.886 / 0.859, 0.861, 0.864, 0.852 with them. The parts alone (the larger of the two,
or either of them) gained less or lost on `h1`–`h10`. Split the same way (two fold assignments),
`lam_theo` went from 0.928, 0.932 / 0.909, 0.915 to 0.930, 0.931 / 0.912, 0.915 and
`resolution_target` from 0.979, 0.984 / 0.975, 0.979 to 0.981, 0.982 / 0.972, 0.972: not split.
Splitting `shortcoming`'s commitments again by `roadmap` (timeline steps apart), with negated
commitment words read as shortfalls (baseline 0.886, 0.884 / 0.856, 0.862): three parts 0.883,
0.887 / 0.851, 0.859; those and the two parts 0.884, 0.884 / 0.852, 0.858: left out. Two parts
split by `lam_theo` instead of `action`: 0.881, 0.883 / 0.853, 0.862. A restated baseline ("giảm
từ 3,8% năm 2023 xuống …") that repeats no stated figure marked apart from one that does (0.884,
0.882 / 0.857, 0.855) or not marked at all (0.887, 0.883 / 0.856, 0.854): left as one feature.
After "100%", "n/n" and durations stopped linking figures (baseline 0.890, 0.889 / 0.868, 0.869),
"từ 98% trở lên" ("or more") told apart from a baseline change: 0.883, 0.891 / 0.851, 0.864.
Words of a deficient state ("xuống cấp", "thiếu") stating a shortcoming only under a situation
heading (baseline 0.888, 0.892 / 0.868, 0.870): 0.894, 0.893 / 0.864, 0.867; anywhere, as now:
0.899, 0.897 / 0.875, 0.866. With figures compared by value, more refer-back phrases and totals
after "số" (baseline 0.906, 0.901 / 0.880, 0.870), left out: a target row's bare baseline cell
("Hồ sơ thông báo chậm | 214 | 0") matched to a stated figure's number (0.900, 0.897 / 0.873,
0.871 on an earlier baseline of 0.900, 0.895 / 0.876, 0.868; level or lower on assignments 2–3);
the counted noun after a classifier ("37 bộ hồ sơ" also "37 hồ"): 0.905, 0.899 / 0.878, 0.866;
a passive refer-back with its agent ("đã bị Viện kiểm sát tỉnh rút kinh nghiệm"): 0.902, 0.899 /
0.880, 0.866 on the baseline before the totals; a figure in 5 sentences still a link (0.899,
0.897 / 0.866, 0.866) or only in 2 (0.894, 0.889 / 0.863, 0.862); the specificity of a statement
(figure, "một số …", words) crossed with its shortcoming cue outside a problem heading as well:
0.900, 0.897 / 0.871, 0.873, with "đôi khi", "chưa thật sự" as vague words: 0.903, 0.902 / 0.869,
0.875. Once every train and dev document had been annotated blind under one reading of decision 23
(baseline, four fold assignments: 0.880, 0.877, 0.881, 0.874 / 0.823, 0.813, 0.825, 0.811), links
through words instead of figures, a syllable trigram of what a stated shortcoming counts ("48/131 hộ
chưa có nhà tiêu hợp vệ sinh" → "nhà tiêu hợp") or two trigrams of the statement, leaving out those
in a quarter of the document's sentences or more (at least four): 0.880, 0.879, 0.879, 0.875 /
0.822, 0.821, 0.820, 0.816. Of the natural train + dev sentences they mark that state no shortcoming
and repeat no figure of one, 8% and 7% carry the label, against 2% of all those sentences: the
commitments they should find share their words with many that redress nothing. A word of a
deficiency that a stated shortcoming used ("tồn đọng", "tảo hôn", "hình thức") repeated by another
sentence: 28% of the sentences it marks that way carry the label, but 0.876, 0.884, 0.878, 0.877 /
0.821, 0.828, 0.818, 0.817, level (the model already reads those words as cues). Naming who pointed
the problem out (an inspection, a survey, a report, complaints, a self-assessment: decision 20) as a
cue of its own that also makes a sentence state a shortcoming: 0.878, 0.887, 0.882, 0.884 / 0.817,
0.832, 0.821, 0.827 (`h22`–`h33` 0.931 from 0.928); as a cue only, 0.880, 0.883, 0.879, 0.883 /
0.821, 0.827, 0.819, 0.832. Both gains are smaller than the fold assignments disagree, and refitted
(the first) it scored dev 0.812 against 0.828 and out of fold 0.878 against 0.880: left out. With
it, a commitment aimed at a deficiency a stated shortcoming names, by its elimination ("không còn chi
bộ nào … hình thức"), its reduction, the place that has it ("nơi có 3 cặp tảo hôn") or what is left
of it ("còn thiếu"): 0.878, 0.887, 0.880, 0.879 / 0.819, 0.829, 0.820, 0.823 (half the natural
sentences so marked carry the label), level. Of the learner itself: the linear models' C at 3 or 30
instead of 10 (two fold assignments), 0.878, 0.878 / 0.822, 0.816 and 0.882, 0.877 / 0.824, 0.815;
slower, longer boosting (learning rate 0.1, 150 rounds) 0.880, 0.883, 0.881, 0.882 / 0.821,
0.825, 0.819, 0.825, steadier across assignments but within their spread, and refitted dev 0.816
against 0.828 (a rule fixed before the refit: keep it only if dev did not drop): left out. Telling
every sentence how many others in its document state a shortcoming (none, one or two, more) and
whether one comes before it (two fold assignments): 0.873, 0.876 / 0.811, 0.817, lower.
Of how `shortcoming` learns from which documents (two fold assignments; its columns only): the
sentences of targeted documents weighted 0.3 in its fits, 0.879, 0.884 / 0.819, 0.826; weighted 2,
0.877, 0.879 / 0.818, 0.823; left out, 0.857, 0.856 / 0.799, 0.799 (they help); those of `h1`–`h10`
weighted 3, 0.879, 0.882 / 0.822, 0.823; those of `h22`–`h33` left out, 0.867, 0.867 / 0.812, 0.816
(the 144 imitations lift themselves, not `h1`–`h10`). Its rule features scaled by 3 in its linear
fits (weaker regularisation; the coefficients absorb the scale), 0.877, 0.875 / 0.815, 0.818; its
word and character n-grams by 0.5, 0.876, 0.873 / 0.818, 0.811; its trees weighted 0.7 in the blend,
0.878, 0.875 / 0.823, 0.811; word n-grams up to three words instead of two (every label), 0.881,
0.883 / 0.820, 0.823: all level. Nor does a longer shared run of words single out the linked
commitments: of the `h1`–`h10` sentences that neither state a shortcoming nor repeat a figure of
one, those sharing 6 or more consecutive syllables with a stated shortcoming carry the label at 16%
(3% at 3–4 syllables). Nor does a learned link: gradient-boosted trees over what an `action`
sentence shares with each earlier sentence stating a shortcoming (a shortcoming cue and an
out-of-fold probability of 0.5 or more: longest shared run, shared words weighted by rarity, shared
word pairs, a word of a deficiency in the shared run, that sentence's probability) and over its own
wording (elimination or reduction) and probability, fitted on document-grouped folds of the
out-of-fold predictions of train + dev (seed 0, as ``mohinh crossval`` makes them), rank the 1,596
`h1`–`h10` action sentences that repeat no figure (65 with the label) a little better overall
(average precision 0.44 against the model's 0.38), but at the model's operating point (its 36 most
probable) both find the same 20: the gain lies only where false positives outnumber the finds.
Where the misses are (seed 0, natural `h1`–`h10` train + dev): of the 112 commitments with the
label, the 44 that repeat a figure of an earlier stated shortcoming are found 43 times, the 68 that
do not only 21 times. Widening the figure link was counted before any refit, on the natural train +
dev documents: the whole of a fraction ("17/23 hộ" → "23 hộ") would link 10 more action sentences,
2 with the label (the whole is mostly the unit's scope, "9/11 xã"), and a fraction's complement as
well ("mới có 6/17 thủ tục" → "11 thủ tục") 11 action sentences, 3 with it (and 2 statements that
have it): not tried further. A rank among peers as shortfall wording of a stated shortcoming ("thấp nhất
trong 12 xã", "cao hơn bình quân của huyện", "đứng cuối"; 48 of the 54 train lines with it carry the
label, most with other cues), added to the shortfall rule (two fold assignments, natural / `h1`–`h10` /
`h22`–`h33`): 0.879, 0.881 / 0.823, 0.824 / 0.929, 0.927 against 0.880, 0.877 / 0.823, 0.813 / 0.929,
0.928, `resolution_target` 0.979, 0.984 against 0.981, 0.984: within the fold assignments' spread, left out.
A year read as the number of a campaign ("năm 2024 có …", "năm 2025 giảm …" as "5 không, 3 sạch"),
which hid the year's date slot on 96 corpus lines, was put right as a correction of the rule
(``context.campaign_name``): level on every label (`shortcoming` 0.878, 0.881 / 0.822, 0.823, `action`
0.970 both), dev `shortcoming` 0.828 → 0.825, `action` 0.956 → 0.958, dev slots 0.858 → 0.861.
Two thresholds for `shortcoming`, one for the sentences the model reads as `action` (p ≥ 0.55) and
one for the rest, each pair tuned on four fifths of the natural train + dev documents' out-of-fold
predictions and applied to the last fifth (nested, from the predictions of ``mohinh crossval
--predictions``, before the year correction): 0.883 and 0.868 against one threshold's 0.878 and
0.870 (`h1`–`h10` 0.831, 0.801 against 0.819, 0.808); the commitments' threshold came out higher
than the statements', not lower: level, left out.
Last year's results (``context.past_result``) were the years 2010–2023 written into the rule, which
read "năm 2023, …" as past in a 2023 submission and "năm 2024, …" as a plan in a 2025 one; a year is
now past when it is before the submission's own (its header date, else 2024): 19 corpus lines of
the 40 submissions of 2023 changed. Two fold assignments, natural / `h1`–`h10` / `h22`–`h33`:
`shortcoming` 0.883, 0.878 / 0.822, 0.815 / 0.932, 0.930 against 0.878, 0.881 / 0.822, 0.823 /
0.925, 0.932, `action` 0.970, 0.971 against 0.970, 0.970: level; kept as a correction for the years
the corpus does not hold. Refitted, dev `shortcoming` 0.825 → 0.816: one more false positive, a
situation statement without a year ("Cũng năm học đó, 11,7% sinh viên … nợ từ 2 học phần trở lên")
whose probability the refit moved from 0.548 to 0.628.
A school year was read by the year it began even when set as a deadline: "Đến cuối năm học
2023–2024, …" and "Trong học kỳ II năm học 2023–2024, …" were last year's results in a 2024
submission. Such a school year is now read by the year it ends (8 corpus lines, all plans). Two fold
assignments, natural / `h1`–`h10` / `h22`–`h33`: `shortcoming` 0.882, 0.877 / 0.826, 0.822 / 0.933,
0.924 against 0.883, 0.878 / 0.822, 0.815 / 0.932, 0.930, `action` 0.971, 0.971 against 0.970,
0.971: level; kept as a correction. Refitted, three dev sentences changed, each to its gold label
(`shortcoming` 0.816 → 0.825, `action` 0.960 → 0.961, `lam_theo` 0.920 → 0.922).
A year that opens a sentence without a comma ("Năm 2023 tôi được chi bộ góp ý có 5 trường hợp …",
"- Trong năm 2023 có 4 phản ánh …") was not read as last year's; it now is (27 natural train + dev
lines, all context or statements of a shortcoming, none an action). Two fold assignments, natural /
`h1`–`h10` / `h22`–`h33`: `shortcoming` 0.879, 0.879 / 0.819, 0.821 / 0.925, 0.930 against 0.882,
0.877 / 0.826, 0.822 / 0.933, 0.924, `action` 0.971, 0.971 against 0.971, 0.971, `lam_theo` 0.930,
0.933 against 0.929, 0.932: level; kept as a correction. Refitted, dev `shortcoming` 0.825 → 0.832
(the threshold moved from 0.60 to 0.55), `action` 0.961 → 0.959, `lam_theo` 0.922 → 0.925.
On that base (`shortcoming` 0.879, 0.879 / 0.819, 0.821; seeds 2 and 3: 0.879, 0.880 / 0.819,
0.822), left out: the cues of the next sentence of the same section beside those of the previous one
(a statement followed by its cause, "Nguyên nhân là …"): 0.886, 0.883 / 0.828, 0.822 on seeds 0 and 1
but 0.877, 0.878 / 0.820, 0.823 on seeds 2 and 3, `lam_theo` on `h1`–`h10` 0.912 → 0.910 (means), level over
the four; the words a sentence shares with the document's statements of a shortcoming, each a
feature of its own ("shared:tảo_hôn", leaving out words in a quarter of the sentences or more, at least
four), so that the model learns which shared words make a link: 0.878, 0.873 / 0.813, 0.810, and
`lam_theo` 0.930, 0.933 → 0.923, 0.926 (every label reads them); the trees reading the 400 most
frequent word n-grams instead of 200: 0.881, 0.878 / 0.818, 0.816; trees of 15 leaves instead of 31:
0.881, 0.876 / 0.818, 0.813. A figure that recurs all over the document (in four sentences or more,
the backdrop) shared with a stated shortcoming together with one of its words of a deficiency ("4 xã"
… "tảo hôn") would link 5 natural train + dev sentences (4 with the label): too few to matter.
A table's column names as features of its rows ("column:target" under "Chỉ tiêu", "column:roadmap"
under "Thời gian"; 514 marks on train + dev rows): level on every label (`shortcoming` 0.877, 0.883 / 0.821,
0.820). As roles of its rows, like a heading's: no corpus table has a column of shortcomings ("Tồn
tại, hạn chế | Nguyên nhân | Giải pháp"), and on such a table written for the purpose the rows became
`shortcoming` (the vague one too, "có lúc còn hình thức") and lost `action` and `roadmap` ("xong trong
quý II/2025"): left out until annotated tables of that kind can measure it.
The linear models without class weights (every label): `shortcoming` 0.877, 0.880 / 0.816, 0.819,
the other labels within 0.004: level, left balanced. A latent word space of 128 dimensions instead of
64: 0.879, 0.879 / 0.817, 0.821; character n-grams of 3 to 6 instead of 2 to 5: 0.878, 0.881 / 0.818,
0.823 (`lam_theo` a little lower in both): level.
The problem headings of personal registrations and their kin ("Những điều tôi phải sửa", "… phải /
cần khắc phục", "Điều chi bộ đã nhắc tôi", "Những vấn đề cần giải quyết", "Tôi tự nhận những thiếu
sót", "Những việc chưa làm tốt", "Nhược điểm") had no section role, though decision 23 names them; they
now have that of a problem heading (93 train lines, 53 with the label; none in dev or test). Two fold
assignments, natural / `h1`–`h10` / `h22`–`h33`: `shortcoming` 0.878, 0.881 / 0.816, 0.820 / 0.927,
0.933 against 0.879, 0.879 / 0.819, 0.821 / 0.925, 0.930, `action` 0.972, 0.973 against 0.971, 0.971:
level; the four natural lines under such headings whose prediction changed all moved to their gold
label. Kept as a correction. Refitted, the thresholds moved (`shortcoming` 0.55 → 0.575, `action`
0.525 → 0.575) and dev `shortcoming` went 0.832 → 0.808 (two sentences fewer found), `lam_theo`
0.925 → 0.918, `action` 0.959 → 0.963.
Nor would a shared place name link commitments: counted before any fit, of the natural train + dev
sentences that do not themselves state a shortcoming and share a named place or group ("ấp Bàu Lùn",
"bản Hang", "lớp 3B": a classifier noun and a capitalised name, leaving out names in four sentences or
a quarter of the document) with a gold statement of one, 24 of 87 carry the label (8 of 32 in
`h1`–`h10`), as few as through the shared words above: not tried further. A bare fraction repeated
in a table cell ("| 6/17 | 17/17" after "mới có 6/17 thủ tục") would link 2 sentences of all natural
train + dev (both with the label): too few to matter.
A number that designates a unit ("khu 7 không có lý do", "Đại đội 2 có 74 quân nhân", "khối 2, 3
giảm còn …") was read as a campaign's name ("5 không, 3 sạch"), and "năm trước chi bộ", "2 năm trước
ngày 30/9/2024" as last year: 14 and 4 train + dev lines, 7 of the first with the label. Put right as
corrections of the rules (``context.campaign_name``, ``context.past_result``); two fold assignments,
natural / `h1`–`h10` / `h22`–`h33`: `shortcoming` 0.877, 0.881 / 0.812, 0.818 / 0.932, 0.935 against
0.878, 0.881 / 0.816, 0.820 / 0.927, 0.933, `action` 0.972, 0.972 against 0.972, 0.973: level (seeds
2 and 3: 0.877, 0.876 / 0.810, 0.822).
Every digit is folded to 0 in the words, so nothing told the model whether a sentence's years are
before the submission's own or not: last year's inspection ("Đợt kiểm tra tháng 10/2023 cũng cho
thấy 38/60 mô hình …") and this year's commitment ("trong tháng 5/2024") read alike outside the
sentence-opening years of ``context.past_result``. Each year a sentence names now gives ``year:past``,
``year:old`` (more than three years before: Bác's letters, "giai đoạn 2016–2020"), ``year:this`` or
``year:next``. Four fold assignments, natural / `h1`–`h10` / `h22`–`h33`: `shortcoming` 0.887, 0.887,
0.887, 0.881 / 0.822, 0.819, 0.815, 0.819 / 0.941, 0.943, 0.944, 0.935 against 0.877, 0.881, 0.877,
0.876 / 0.812, 0.818, 0.810, 0.822 / 0.932, 0.935, 0.932, 0.933; `action` 0.975, 0.976, 0.974, 0.974
against 0.972, 0.972, 0.972, 0.971; `roadmap` 0.977, 0.980, 0.977, 0.978 against 0.972, 0.974, 0.972,
0.971 (`h1`–`h10` 0.971, 0.977, 0.976, 0.977 against 0.965, 0.970, 0.966, 0.967); `lam_theo` 0.932,
0.934, 0.932, 0.932 against 0.930, 0.934, 0.931, 0.929. Higher on every assignment for the natural
documents: kept.
On that base (`shortcoming` 0.887, 0.887, 0.887, 0.881 / 0.822, 0.819, 0.815, 0.819), left out: a
fraction told as whole ("16/16") or part ("38/60"), 0.889, 0.890, 0.886, 0.881 / 0.824, 0.824, 0.813,
0.818; a percentage told as 100, 90 or more, 50 or more, or less, 0.886, 0.892, 0.882, 0.879 / 0.825,
0.826, 0.814, 0.818: level. On seeds 0 and 1: the years the sentence's own heading names, told the
same way, 0.886, 0.890 / 0.824, 0.822; those of the previous sentence of the section, 0.883, 0.893 /
0.819, 0.828: level; the words of the sentence's own heading as features (the roles of the section
rules learned from the data instead), `shortcoming` 0.884, 0.889 / 0.815, 0.827 but `hoc_tap` 0.969 →
0.964, `neu_guong` 0.944 → 0.941, `roadmap` 0.977, 0.980 → 0.973, 0.976: lower. Nor (seeds 0 and 1)
the number of capitalised words past the first (place names, bodies, people: "ấp Bàu Lùn", "Sở Y tế"),
0.887, 0.892 / 0.824, 0.820; nor the years written into the words themselves ("tháng 00/ypast", so
that the word pairs hold them): 0.885, 0.889 / 0.824, 0.826; nor the cues of the lead-in of the list a
sentence is an item of ("Đảng ủy chỉ ra 3 hạn chế:" for the second item on), 0.887, 0.887 / 0.822,
0.819; nor where the sentence stands in its section (first, last, between, alone), 0.884, 0.885 /
0.824, 0.825: level. Nor (seeds 0 and 1) a month of the submission's own year told as before or after
the month of its date line: 0.889, 0.886 / 0.823, 0.819.
The trees blended into `action` and `roadmap` as well, on the year features: `action` 0.980, 0.980,
0.978, 0.978 against 0.975, 0.976, 0.974, 0.974 (`h1`–`h10` 0.974, 0.975, 0.972, 0.974 against 0.971,
0.973, 0.970, 0.971); `roadmap` 0.983, 0.984, 0.977, 0.985 against 0.977, 0.980, 0.977, 0.978; `slogan`,
which `action` excludes, 0.966, 0.965 on seeds 2 and 3 as before; the other labels unchanged. Higher
on every assignment for `action`: kept. Then the trees blended into the pillars and `slogan` as well
(every label but `exemplar`), four fold assignments, natural / `h1`–`h10`: `lam_theo` 0.940, 0.941,
0.940, 0.941 / 0.926, 0.927, 0.925, 0.928 against 0.932, 0.934, 0.932, 0.932 / 0.914, 0.918, 0.914,
0.918; `neu_guong` 0.947, 0.949, 0.946, 0.948 / 0.934, 0.938, 0.933, 0.936 against 0.944, 0.943,
0.944, 0.943 / 0.931, 0.930, 0.930, 0.931; `hoc_tap` 0.968, 0.970, 0.971, 0.973 / 0.968, 0.967, 0.966,
0.969 against 0.969, 0.970, 0.969, 0.970 / 0.965, 0.965, 0.963, 0.962; `slogan` 0.967, 0.968, 0.968,
0.969 against 0.965, 0.964, 0.966, 0.965; the requirement labels unchanged. Higher on every assignment
for `lam_theo` and `neu_guong`: kept.
The phrase a commitment repeats of a stated shortcoming, which a finding now shows the appraiser
(``analyzer.detect.links``: the longest run of words, not only common ones, held by at most three
sentences of the document), as a feature ``ref:shortcoming_phrase`` of the sentences that do not
state one: `shortcoming` 0.890, 0.887 / 0.820, 0.827 / 0.946, 0.943 (natural / `h1`–`h10` /
`h22`–`h33`, seeds 0 and 1) against 0.887, 0.887 / 0.822, 0.819 / 0.941, 0.943: level, left out;
with the 48 candidate documents of implicit links (``corpora/candidates/implicit``) 0.871, 0.865 /
0.816, 0.812, lower.
Corrections of what the rules and the layout read, found by testers writing submissions of their own
(seeds 0 and 1, natural / `h1`–`h10` / `h22`–`h33`): a section's name alone on a line ("Nêu gương")
and a numeral with no space after it ("1.Học tập") as headings (108 corpus lines), names with initials
after a family name ("Nguyễn V. Tùng") or after a title opening the sentence ("Chị H’Linh Niê"), a
date written out as one slot ("trước ngày 30 tháng 6 năm 2024"), no figure in "khối 6 chưa":
`shortcoming` 0.890, 0.892 / 0.827, 0.829 / 0.941, 0.944 against 0.887, 0.887 / 0.822, 0.819 /
0.941, 0.943, every other label level or higher: kept. Then "N tổ chức" no count of "tổ" ("Năm 2024
tổ chức" gave "2024 tổ"): 0.886, 0.892 / 0.827, 0.823 / 0.938, 0.946, level: kept as a correction.
Then, from a second round of testers: family names that also open a body's name ("Đoàn Văn Hậu", "Cao
Thị Lan", "Y Kông Niê"), a name in capitals inside a sentence, no person in a school or a street named
after one ("Trường THCS Lê Lợi"), a signature with an apostrophe (of 21,340 corpus sentences, 85 lost
the name they were read to hold, mostly places, 39 gained one and 23 changed it): 0.887, 0.893 / 0.829, 0.826 / 0.940, 0.946; then dates with dots or dashes ("15-8-2025"),
"qúy" and "Q.III/2025", frequencies and counts in words ("một năm hai lần", "hai buổi") and no
sentence end at a full stop glued to a number ("KP.2"): 0.885, 0.895 / 0.822, 0.828 / 0.939, 0.948,
every other label within 0.002: level, kept as corrections. Refitted, dev `shortcoming` 0.804 → 0.792,
test 0.744 → 0.732 (one sentence fewer found), dev `neu_guong` 0.945 → 0.919. Then "hình thức" as a
form ("dưới mọi hình thức", "bằng nhiều hình thức": about 30 corpus lines) no longer a cue of
formalism: 0.887, 0.892 / 0.830, 0.828 / 0.940, 0.951, level or higher; refitted, dev `shortcoming`
0.828, test 0.767, dev `neu_guong` 0.927. Then typed spellings read as one ("hàng tháng", "quí", counts
in words): refitted, dev `shortcoming` 0.828, test 0.738. Then the name finder's corrections of the third
December stop (places no longer read as names, signatures read in full, "QNCN" dropped: the actor feature
of 24 train, dev and holdout lines changed): refitted, out of fold 0.885 → 0.887 (every other label within
0.005), dev `shortcoming` 0.828 → 0.788 (precision 0.954 → 0.907, the thresholds moving a step), test
0.738 → 0.753, holdout 0.959 level. Then the signature's role in sentence case ("Người đăng ký" under the
date line) read as the signature's, not as two sentences of the last section (the last two lines of 3
train and 1 dev documents): refitted, out of fold 0.887 → 0.888 (every other label within 0.003), the
thresholds moving a step on six labels (`shortcoming` 0.575 → 0.55), dev `shortcoming` 0.788 → 0.824,
test 0.753 → 0.767, holdout 0.959 → 0.952.
Nor does the threshold hide a gain on the original batches: tuned on `h1`–`h10` alone, their out-of-fold F1
is flat between 0.40 and 0.65 (seed 0: 0.810–0.829; seed 1: 0.811–0.821; best at 0.525 and 0.375), where the
later batches rise from 0.91 to 0.94, so one threshold for all costs them under a point. Of their 112 linked
commitments, 48 are missed at 0.525 (seed 0; statements: 17 of 179), and 37 of the 65 missed lines have a
probability under 0.15. A place or a group named after "ấp", "bản", "buôn", "thôn", "xã", "khối", "lớp" …
that a commitment shares with a stated shortcoming (gold labels, in at most three sentences) marks the link
no better than other shared phrases: of the 42 natural train + dev `action` lines with one, 17 carry the
label, and in one document the head who takes on "buôn Kmrơng Prông" does not while the meetings held there
do.

Follows scikit-learn's conventions: ``__init__`` stores parameters, ``fit`` returns self,
learned attributes end in ``_``. What scoring needs is kept as plain arrays
(:class:`~analyzer.learn.predict.Predictor`), written with skops and read back by a reader that
accepts only containers and arrays (never pickle), so scoring imports no scikit-learn.

Example:
    >>> labeller = SentenceLabeller(C=4.0)
    >>> labeller.C
    4.0
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from analyzer.errors import E, DataFileError
from analyzer.labels import LABELS
from analyzer.learn.predict import (CharWbHasher, Predictor, UntrustedNodes, features, fit_idf, hashed, part_names,
                                    read_model_file, tfidf, trees_proba)

__all__ = ["BOOSTED", "SPLIT", "CharWbHasher", "Predictor", "SentenceLabeller", "compile_trees", "load_model",
           "save_model", "trees_proba"]


# the labels whose probability averages the linear model with boosted trees (see the module docstring)
BOOSTED = ("hoc_tap", "lam_theo", "neu_guong", "action", "slogan", "resolution_target", "shortcoming", "roadmap")
# label → other label: the label is also learned as two parts, its sentences without and with the
# other label (a stated shortcoming; a commitment or result linked back to it), and its
# probability is the mean of its own and the larger of its parts' (see the module docstring)
SPLIT = {"shortcoming": "action"}
# the log-odds of a label that has a single class in the training set (probability 1e-4 or 1 - 1e-4)
_SURE = 9.21
# a rule feature seen in fewer training sentences than this is left to the linear model
_MIN_FEATURE_COUNT = 5
_NOT_FOR_TREES = frozenset({"position"})


class SentenceLabeller:
    """Multi-label sentence classifier with per-label decision thresholds (the trainer).

    ``fit`` computes the features with the functions scoring uses (:mod:`analyzer.learn.predict`)
    and fits scikit-learn estimators on them; what it keeps is a :class:`Predictor` of plain arrays
    (``predictor_``), which scores, is saved, and is what :func:`load_model` returns.
    """

    def __init__(self, *, C: float = 10.0, labels: Sequence[str] = LABELS, char_ngrams: tuple[int, int] = (2, 5),
                 word_ngrams: tuple[int, int] = (1, 2), char_bits: int = 16, word_bits: int = 15,
                 boosted: Sequence[str] = BOOSTED, boost_rounds: int = 60, lsa_dims: int = 64,
                 tree_words: int = 200, split: Mapping[str, str] = SPLIT) -> None:
        self.C = C
        self.labels = tuple(labels)
        self.char_ngrams = char_ngrams
        self.word_ngrams = word_ngrams
        self.char_bits = char_bits
        self.word_bits = word_bits
        self.boosted = tuple(label for label in boosted if label in self.labels)
        self.boost_rounds = boost_rounds
        self.lsa_dims = lsa_dims
        self.tree_words = tree_words
        self.split = {label: by for label, by in split.items() if label in self.labels and by in self.labels}

    def params(self) -> dict:
        return {"C": self.C, "labels": list(self.labels), "char_ngrams": list(self.char_ngrams),
                "word_ngrams": list(self.word_ngrams), "char_bits": self.char_bits, "word_bits": self.word_bits,
                "boosted": list(self.boosted), "boost_rounds": self.boost_rounds, "lsa_dims": self.lsa_dims,
                "tree_words": self.tree_words, "split": dict(self.split)}

    def fit(self, records: Sequence[dict], y: np.ndarray) -> "SentenceLabeller":
        """Fit idf weights, the latent word space, one classifier per label and the trees; ``y`` is
        n × len(labels) of 0/1."""
        from sklearn.linear_model import LogisticRegression

        params = self.params()
        counts = hashed(records, params)
        words, chars = counts
        word_idf, char_idf = fit_idf(words), fit_idf(chars)
        dense_names = sorted({name for r in records for name in r["dense"]})  # as DictVectorizer orders them
        lsa = self._fit_lsa(tfidf(words, word_idf).to_scipy())
        blocks = features(records, params, word_idf, char_idf, {name: j for j, name in enumerate(dense_names)}, lsa,
                          counts)
        X = blocks.to_scipy()
        columns, y = self._columns(y)
        # a label with one class in the training set (a small corpus, a fold of one) gets a constant,
        # sure probability and no trees: there is nothing to learn it from
        two_classes = [np.unique(y[:, j]).size == 2 for j in range(len(columns))]
        classifiers: list = []
        coef = np.zeros((X.shape[1], len(columns)))
        intercept = np.array([_SURE if y[:, j].any() else -_SURE for j in range(len(columns))])
        with _one_blas_thread():
            for j in range(len(columns)):
                if not two_classes[j]:
                    classifiers.append(None)
                    continue
                clf = LogisticRegression(C=self.C, class_weight="balanced", max_iter=5000, solver="liblinear")
                classifiers.append(clf.fit(X, y[:, j]))
                coef[:, j], intercept[j] = clf.coef_.ravel(), float(np.ravel(clf.intercept_)[0])
        # the trees see the rule features but not the position in the document: a threshold on it
        # (nothing near the top is a finding) fails the short or unusual document; the linear
        # model weighs it smoothly
        usable = np.array([name not in _NOT_FOR_TREES for name in dense_names], dtype=bool)
        seen = np.bincount(blocks.dense.indices, minlength=len(dense_names))  # sentences with each rule feature
        tree_features = np.flatnonzero(usable & (seen >= _MIN_FEATURE_COUNT))
        # and whether the sentence has one of the most frequent word n-grams, so a tree can weigh
        # a frequent word by the rule features (the linear model adds their weights)
        tree_words = np.argsort(-np.bincount(words.indices, minlength=words.n_features), kind="stable")[:self.tree_words]
        self.predictor_ = Predictor(
            params=params, word_idf=word_idf, char_idf=char_idf, dense_names=dense_names, lsa=lsa,
            coef=coef, intercept=intercept,
            thresholds={label: 0.5 for label in self.labels}, tree_features=tree_features, boosters={},
            tree_words=tree_words)
        trees_input = self.predictor_.trees_input(blocks)
        boosted = set(self.boosted).union(*(part_names(label) for label in self.split if label in self.boosted))
        self.predictor_.boosters = {name: compile_trees(self._booster().fit(trees_input, y[:, j]))
                                    for j, name in enumerate(columns) if name in boosted and two_classes[j]}
        self.classifiers_ = dict(zip(columns, classifiers))
        return self

    def _columns(self, y: np.ndarray) -> tuple[tuple[str, ...], np.ndarray]:
        """What is learned: the labels, then the two parts of each split label (:func:`part_names`),
        with their 0/1 targets."""
        columns, targets = list(self.labels), [y]
        for label, by in self.split.items():
            has, other = y[:, self.labels.index(label)] == 1, y[:, self.labels.index(by)] == 1
            columns += part_names(label)
            targets.append(np.column_stack([has & ~other, has & other]).astype(y.dtype))
        return tuple(columns), np.hstack(targets)

    def _fit_lsa(self, word_tfidf) -> np.ndarray | None:  # type: ignore[no-untyped-def]
        """Latent semantic analysis of the training sentences' words: the first ``lsa_dims``
        right singular vectors (features × dims), rounded to float16 as they are stored, so the
        fitted and the loaded model compute the same."""
        from sklearn.decomposition import TruncatedSVD

        dims = min(self.lsa_dims, min(word_tfidf.shape) - 1)  # a tiny training set has fewer directions
        if dims <= 0:
            return None
        with _one_blas_thread():
            svd = TruncatedSVD(dims, algorithm="randomized", n_iter=5, random_state=0).fit(word_tfidf)
        return svd.components_.T.astype(np.float16).astype(np.float32)

    def predict_proba(self, records: Sequence[dict]) -> np.ndarray:
        """n × len(labels) probabilities."""
        return self.predictor_.predict_proba(records)

    @property
    def thresholds_(self) -> dict[str, float]:
        return self.predictor_.thresholds

    def _booster(self):  # type: ignore[no-untyped-def]
        """Boosted trees for one label (deterministic: no early-stopping split, no subsampling)."""
        from sklearn.ensemble import HistGradientBoostingClassifier

        return HistGradientBoostingClassifier(max_iter=self.boost_rounds, learning_rate=0.25, max_leaf_nodes=31,
                                              min_samples_leaf=10, l2_regularization=1.0, early_stopping=False,
                                              random_state=0)

    def tune_thresholds_on(self, probs: np.ndarray, y: np.ndarray) -> dict[str, float]:
        """Choose each label's threshold to maximise F1 of held-out probabilities ``probs``
        (e.g. out-of-fold predictions) against ``y``, smoothed over the neighbouring thresholds
        (:func:`~analyzer.learn.metrics.stable_threshold`)."""
        from analyzer.learn.metrics import stable_threshold

        thresholds = self.predictor_.thresholds
        for j, label in enumerate(self.labels):
            thresholds[label] = stable_threshold(probs[:, j], y[:, j])
        return dict(thresholds)


def _one_blas_thread():  # type: ignore[no-untyped-def]
    """A context with one BLAS thread. The randomized SVD and liblinear call BLAS, whose sums run in
    another order with more threads, so their results would depend on the machine's cores; with one
    thread `mohinh train` gives the same model everywhere. (The trees' OpenMP threads do not change
    what they learn.)"""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(1, user_api="blas")


def compile_trees(booster) -> dict[str, np.ndarray]:  # type: ignore[no-untyped-def]
    """A fitted binary ``HistGradientBoostingClassifier`` as flat NumPy arrays: every tree's nodes
    one after the other (child indices made global), the index of each tree's root and the
    baseline log-odds. Stored with skops as plain arrays (no tree class to trust) and predicted by
    :func:`trees_proba` in NumPy (no OpenMP threads in the ``--jobs`` workers; about as fast as
    scikit-learn's per-tree calls on a document's few dozen sentences).
    """
    parts: dict[str, list[np.ndarray]] = {key: [] for key in ("feature", "threshold", "left", "right",
                                                               "missing_left", "leaf", "value")}
    roots, offset = [], 0
    for iteration in booster._predictors:
        (predictor,) = iteration  # binary classification: one tree per iteration
        nodes = predictor.nodes
        if nodes["is_categorical"].any():
            raise ValueError("categorical splits are not supported")
        roots.append(offset)
        parts["feature"].append(nodes["feature_idx"].astype(np.int32))
        parts["threshold"].append(nodes["num_threshold"].astype(np.float64))
        parts["left"].append(nodes["left"].astype(np.int32) + offset)
        parts["right"].append(nodes["right"].astype(np.int32) + offset)
        parts["missing_left"].append(nodes["missing_go_to_left"].astype(bool))
        parts["leaf"].append(nodes["is_leaf"].astype(bool))
        parts["value"].append(nodes["value"].astype(np.float64))
        offset += len(nodes)
    trees = {key: np.concatenate(values) for key, values in parts.items()}
    trees["roots"] = np.asarray(roots, dtype=np.int32)
    trees["baseline"] = np.asarray(booster._baseline_prediction, dtype=np.float64).ravel()
    return trees


def save_model(labeller: SentenceLabeller | Predictor, path: Path, card: dict) -> None:
    """Write the model's arrays with skops and its card (JSON) beside it."""
    import zipfile

    import skops.io as sio

    predictor = labeller.predictor_ if isinstance(labeller, SentenceLabeller) else labeller
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    sio.dump(predictor.to_state(), tmp, compression=zipfile.ZIP_DEFLATED, compresslevel=9)
    tmp.replace(path)
    card = dict(card, sha256=hashlib.sha256(path.read_bytes()).hexdigest())
    path.with_suffix(".card.json").write_text(json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def load_model(path: Path) -> Predictor:
    """Load a model file, refusing anything but plain containers and NumPy arrays.

    A model written by ``mohinh train`` holds only JSON values, lists, dicts and arrays (the
    classifiers and trees are stored as arrays), a strict subset of what skops trusts by default.
    Anything else (an object, a function such as ``exec`` or ``os.system``, a type) makes the file
    untrusted and it is refused, naming the type, before anything is built. Neither scikit-learn
    nor skops is imported.
    """
    if not path.is_file():
        raise DataFileError(E.MODEL_FILE, path=path, detail="the model file is missing")
    try:
        state = read_model_file(path)
    except UntrustedNodes as err:
        raise DataFileError(E.MODEL_FILE, path=path, detail=f"refused untrusted types {sorted(set(err.found))}") from None
    except Exception as err:
        raise DataFileError(E.MODEL_FILE, path=path, detail=f"cannot be loaded ({type(err).__name__}: {err})") from None
    try:
        return Predictor.from_state(state)
    except Exception as err:
        raise DataFileError(E.MODEL_FILE, path=path, detail=f"is not a mohinh sentence model ({type(err).__name__}: {err})") from None
