"""The project's evaluation sets, scored in CI: execution accuracy by language and
category on the small generated mart. The bar is 95% per language, and at most 2% of
questions answered with a wrong number. questions.jsonl is the main set; holdout.jsonl
and blind/*.jsonl were written by people who had not seen the parser (their first-run
scores are in blind/README.md); once scored they guard against regressions."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer import Assistant
from assistant.evaluate import evaluate
from semantic_layer.access import Access, Role

pytestmark = pytest.mark.slow  # tens of seconds: deselect with -m 'not slow'

SETS = {  # file → minimum number of questions
    "questions.jsonl": 200,
    "holdout.jsonl": 150,
    "blind/bank-2026-12-02.jsonl": 120,
    "blind/bank-2026-12-02-b.jsonl": 120,
    # at the bar after their fixes: a campaign operations specialist; a credit risk analyst; a head of retail (co met the
    # bar on its first run too)
    "blind/bank-2026-12-05-ci.jsonl": 64,
    "blind/bank-2026-12-05-cn.jsonl": 64,
    "blind/bank-2026-12-05-co.jsonl": 64,
    # a mobile-app product manager: 82.8 % on its first run, at the bar after its fixes
    "blind/bank-2026-12-05-dn.jsonl": 64,
    # a marketing specialist (89.1 % first run), a loan product manager (fc: 96.9 % first run, none answered wrong — at the
    # bar before any change) and a branch president's fragments (fd: 90.6 % first run): at the bar after their fixes
    "blind/bank-2026-12-06-fb.jsonl": 64,
    "blind/bank-2026-12-06-fc.jsonl": 64,
    "blind/bank-2026-12-06-fd.jsonl": 64,
    # a head-office analyst's KPI pack (fk: 84.4 % first run) and a sub-branch manager on the phone (fl: 90.6 % first
    # run), none answered wrong on either: at the bar after their fixes
    "blind/bank-2026-12-06-fk.jsonl": 64,
    "blind/bank-2026-12-06-fl.jsonl": 64,
    # a regional director's review (gc, last sitting: 93.8 % first run, 2 answered wrong — "今年一共新开了多少客户" and its
    # follow-up counted customers with new deposit accounts): at the bar after their fixes
    "blind/bank-2026-12-06-gc.jsonl": 32,
    # a new analyst's plain, slightly imprecise words (gh: 87.5 % first run, 1 answered wrong — "payroll clients (their
    # salary is paid through us)" counted customers with salary transactions): at the bar after its fixes
    "blind/bank-2026-12-07-gh.jsonl": 64,
    # a consumer-lending marketer (gj: 85.9 % first run, none answered wrong) and a credit-operations manager's jargon (gk:
    # 84.4 %, none answered wrong): at the bar after their fixes
    "blind/bank-2026-12-07-gj.jsonl": 64,
    "blind/bank-2026-12-07-gk.jsonl": 64,
    # a wealth product manager's Chinese with English abbreviations (gm: 93.8 % first run, 1 answered wrong — 大额CD read as
    # 成都) and an operations analyst's monthly report (gn: 96.9 %, 1 answered wrong — 合计 beside an average dropped): both
    # at the bar on their first run, written after a round of changes
    "blind/bank-2026-12-07-gm.jsonl": 64,
    "blind/bank-2026-12-07-gn.jsonl": 64,
    # a branch president's brisk questions (gr: 96.9 % first run, none answered wrong): at the bar on its first run, written
    # after the sitting's last changes
    "blind/bank-2026-12-07-gr.jsonl": 64,
    # the next sitting, on b84c58f: an FP&A analyst (gu: 96.9 %, none wrong — at the bar on its first run), a segmentation
    # strategist (gv: 76.6 %) and a director dictating by voice (gw: 71.9 %), none answered wrong; all three mended to 100 %
    "blind/bank-2026-12-07-gu.jsonl": 64,
    "blind/bank-2026-12-07-gv.jsonl": 64,
    "blind/bank-2026-12-07-gw.jsonl": 64,
    # a hesitant management trainee (hd: 70.3 % first run on 64953a6, one wrong — 存转贷 of "我想拉个存转贷的名单：" read as a
    # campaign objective); mended to 100 %
    "blind/bank-2026-12-07-hd.jsonl": 64,
    # a mobile-banking product owner's phone shorthand (hk: 82.8 % first run on 548780b, one wrong — "cost per conversion
    # too?" after a question back answered over every campaign); mended to 98.4 %
    "blind/bank-2026-12-07-hk.jsonl": 64,
}
MAX_ANSWERED_WRONG = 0.02
# These sets measure understanding: small groups are shown (their hiding is tested in tests/guard).
UNDERSTANDING_ONLY = Access((Role(name="default", min_group_size=1),))


@pytest.mark.parametrize(("name", "minimum"), SETS.items())
def test_own_evaluation_scores_at_least_95_percent_per_language(assistant: Assistant, name: str, minimum: int) -> None:
    fresh = Assistant(assistant.warehouse, assistant.parser, access=UNDERSTANDING_ONLY)  # its own conversations
    report = evaluate(fresh, Path(__file__).parent / name)
    by_lang = report.accuracy("lang")
    lines = [f"overall {report.overall:.1%} ({sum(r.ok for r in report.results)}/{len(report.results)})"]
    lines += [f"  {k}: {ok}/{n} = {ok / n:.1%}" for k, (ok, n) in by_lang.items()]
    lines += [f"  [{k}] {ok}/{n}" for k, (ok, n) in report.accuracy("category").items()]
    lines += [f"  ✗ {r.id} {r.detail}" for r in report.results if not r.ok]
    print(f"\nEvaluation set 评测集 {name}:\n" + "\n".join(lines))
    assert len(report.results) >= minimum
    for lang, (ok, n) in by_lang.items():
        assert ok / n >= 0.95, f"{lang} below 95%:\n" + "\n".join(lines)
    assert len(report.answered_wrong) <= MAX_ANSWERED_WRONG * len(report.results), "answered but wrong:\n" + "\n".join(lines)


# Blind sets still below the 95 % bar: they guard against regressions at their current level
# on this mart (file → lowest share correct per language, most answered wrong). A tie at a
# top-N cut and a group comparison the gold pivots into one row are judged by their figures
# (assistant/evaluate.py), so neither counts as wrong here.
BELOW_THE_BAR = {
    "blind/bank-2026-12-02-c.jsonl": ({"zh": 0.95, "en": 0.90}, 1),
    "blind/bank-2026-12-02-d.jsonl": ({"zh": 0.95, "en": 0.95}, 0),
    "blind/bank-2026-12-02-e.jsonl": ({"zh": 0.96, "en": 0.93}, 0),
    "blind/bank-2026-12-02-f.jsonl": ({"zh": 0.88, "en": 0.83}, 2),
    "blind/bank-2026-12-02-g.jsonl": ({"zh": 0.93, "en": 0.88}, 1),
    "blind/bank-2026-12-03-h.jsonl": ({"zh": 0.98, "en": 0.96}, 1),
    "blind/bank-2026-12-03-i.jsonl": ({"zh": 0.95, "en": 0.91}, 2),
    "blind/bank-2026-12-03-j.jsonl": ({"zh": 0.95, "en": 0.88}, 0),
    "blind/bank-2026-12-03-k.jsonl": ({"zh": 0.90, "en": 0.80}, 2),  # 80 questions; two wrong ones are ties and extra gold columns
    "blind/bank-2026-12-03-l.jsonl": ({"zh": 0.95, "en": 0.90}, 0),
    "blind/bank-2026-12-03-m.jsonl": ({"zh": 0.90, "en": 0.80}, 0),
    "blind/bank-2026-12-03-n.jsonl": ({"zh": 0.86, "en": 0.76}, 0),
    "blind/bank-2026-12-03-o.jsonl": ({"zh": 0.93, "en": 0.86}, 0),
    # p034 counts CD accounts of customers with a maturing deposit, not the maturing accounts (account-level maturity is not modelled)
    "blind/bank-2026-12-03-p.jsonl": ({"zh": 0.86, "en": 0.90}, 1),
    "blind/bank-2026-12-03-q.jsonl": ({"zh": 0.93, "en": 0.86}, 0),
    # 100 questions; r033 drops a base that restates the loan-intent definition, r087 a breakdown whose words the
    # exclusion's field reads (both known, in the README notes)
    "blind/bank-2026-12-03-r.jsonl": ({"zh": 0.82, "en": 0.84}, 2),
    "blind/bank-2026-12-03-s.jsonl": ({"zh": 0.92, "en": 0.92}, 0),
    "blind/bank-2026-12-03-t.jsonl": ({"zh": 0.90, "en": 0.89}, 0),
    # 100 questions in everyday paraphrase; most misses are words the model does not know (asked about)
    "blind/bank-2026-12-03-u.jsonl": ({"zh": 0.64, "en": 0.64}, 0),
    "blind/bank-2026-12-03-v.jsonl": ({"zh": 0.94, "en": 0.82}, 0),
    # w061 (top 10 customers by AUM) is refused by design: customers are not ranked one by one
    "blind/bank-2026-12-03-w.jsonl": ({"zh": 0.90, "en": 0.82}, 0),
    # x072 (top 10 customers by balance) is refused by design, as w061
    "blind/bank-2026-12-03-x.jsonl": ({"zh": 0.92, "en": 0.86}, 0),
    # y014 is the figure asked; its gold adds a count of the same rows that was not asked
    "blind/bank-2026-12-03-y.jsonl": ({"zh": 0.96, "en": 0.94}, 1),
    "blind/bank-2026-12-03-z.jsonl": ({"zh": 1.00, "en": 0.96}, 0),
    # everyday words of owners new to the tool: most misses are asked about (aa066, a list of customers, is refused by design)
    "blind/bank-2026-12-03-aa.jsonl": ({"zh": 0.88, "en": 0.66}, 0),
    "blind/bank-2026-12-04-ab.jsonl": ({"zh": 1.00, "en": 0.98}, 0),
    "blind/bank-2026-12-04-ac.jsonl": ({"zh": 0.86, "en": 0.83}, 0),
    "blind/bank-2026-12-04-ad.jsonl": ({"zh": 0.76, "en": 0.83}, 0),
    # branch-network head on a phone (terse, shorthand) + a new customer-experience analyst (long, chatty)
    "blind/bank-2026-12-04-ae.jsonl": ({"zh": 0.94, "en": 0.94}, 0),
    # a risk-control manager (thresholds, cohorts) + a marketing-operations specialist (channels, two asks in one)
    "blind/bank-2026-12-04-af.jsonl": ({"zh": 0.97, "en": 0.88}, 0),
    # a precise head-office analyst (percentiles, explicit ranges, respectively) + a president's assistant (noun phrases)
    "blind/bank-2026-12-04-ag.jsonl": ({"zh": 0.94, "en": 0.94}, 0),
    "blind/bank-2026-12-04-ah.jsonl": ({"zh": 1.0, "en": 0.94}, 0),
    "blind/bank-2026-12-04-ai.jsonl": ({"zh": 0.91, "en": 0.97}, 0),
    "blind/bank-2026-12-04-aj.jsonl": ({"zh": 0.82, "en": 0.88}, 0),
    "blind/bank-2026-12-04-ak.jsonl": ({"zh": 0.88, "en": 0.71}, 0),
    # al046 "复盘一下今年和去年的活动效果：…" is asked about since 2026-12-07: a period said only in the scene may be the
    # question's (its gold ignores the two years, which hold every campaign)
    "blind/bank-2026-12-04-al.jsonl": ({"zh": 0.91, "en": 0.88}, 0),
    "blind/bank-2026-12-04-am.jsonl": ({"zh": 0.8, "en": 0.74}, 0),
    # a credit-risk officer + a terse executive; an054 groups app events by product name where the gold groups by id
    "blind/bank-2026-12-04-an.jsonl": ({"zh": 0.91, "en": 0.85}, 1),
    # a relationship manager + a marketing analyst who restates every definition
    "blind/bank-2026-12-04-ao.jsonl": ({"zh": 0.85, "en": 0.94}, 0),
    # a mobile-app product manager (拉新/促活, emoji) + a head of retail lending
    "blind/bank-2026-12-04-ap.jsonl": ({"zh": 0.85, "en": 0.85}, 0),
    # a branch operations manager (网点, 柜面, 进件) + a compliance analyst (definitions, completeness)
    "blind/bank-2026-12-04-aq.jsonl": ({"zh": 1.0, "en": 0.94}, 0),
    # a wealth-management product manager + an intern typing Slack shorthand (cnt, pct, amt, mom)
    "blind/bank-2026-12-04-ar.jsonl": ({"zh": 0.97, "en": 0.97}, 0),
    # a regional sales director + a customer-experience researcher, written after aq and ar were closed
    "blind/bank-2026-12-04-as.jsonl": ({"zh": 0.97, "en": 0.85}, 0),
    "blind/bank-2026-12-04-at.jsonl": ({"zh": 0.94, "en": 0.94}, 0),
    "blind/bank-2026-12-04-au.jsonl": ({"zh": 0.94, "en": 0.94}, 0),
    "blind/bank-2026-12-04-av.jsonl": ({"zh": 0.88, "en": 0.91}, 0),
    "blind/bank-2026-12-04-aw.jsonl": ({"zh": 0.94, "en": 0.88}, 0),
    "blind/bank-2026-12-04-ax.jsonl": ({"zh": 0.94, "en": 0.8}, 0),
    "blind/bank-2026-12-04-ay.jsonl": ({"zh": 0.65, "en": 0.51}, 0),
    # az056's gold groups app events by product_id, the answer by the product's name: the same groups, judged apart
    "blind/bank-2026-12-04-az.jsonl": ({"zh": 0.86, "en": 0.93}, 1),
    "blind/bank-2026-12-04-ba.jsonl": ({"zh": 0.93, "en": 0.86}, 0),
    "blind/bank-2026-12-04-bb.jsonl": ({"zh": 0.96, "en": 1.0}, 0),
    "blind/bank-2026-12-04-bc.jsonl": ({"zh": 1.0, "en": 0.96}, 0),
    "blind/bank-2026-12-04-bd.jsonl": ({"zh": 0.84, "en": 0.81}, 0),
    "blind/bank-2026-12-04-be.jsonl": ({"zh": 0.96, "en": 0.9}, 0),
    "blind/bank-2026-12-04-bf.jsonl": ({"zh": 0.81, "en": 0.59}, 0),
    "blind/bank-2026-12-04-bg.jsonl": ({"zh": 0.93, "en": 0.78}, 0),
    # bh021 and bh039 are still answered wrong here (left in the note); bh055's gold labels quarters 1-4,
    # the answer by their first day: the same figures, judged apart
    "blind/bank-2026-12-04-bh.jsonl": ({"zh": 0.68, "en": 0.65}, 3),
    "blind/bank-2026-12-04-bi.jsonl": ({"zh": 0.87, "en": 0.81}, 0),
    "blind/bank-2026-12-04-bj.jsonl": ({"zh": 0.93, "en": 0.9}, 0),
    "blind/bank-2026-12-04-bk.jsonl": ({"zh": 0.93, "en": 0.81}, 0),
    # bl027 keys each campaign's uplift by name where the gold keys by id: the same figures, judged apart
    "blind/bank-2026-12-04-bl.jsonl": ({"zh": 0.87, "en": 0.78}, 1),
    # (bm044, top 5 branches by approval rate, answered since 2026-12-07: on this small mart more than twelve branches tie
    # at 100 %, beyond what the evaluator's tie check enumerates, so any five of them count as one answered wrong)
    "blind/bank-2026-12-04-bm.jsonl": ({"zh": 0.81, "en": 0.78}, 1),
    "blind/bank-2026-12-05-bn.jsonl": ({"zh": 0.90, "en": 0.78}, 1),  # bn034: a share of outstanding loans, not of customers
    # bo013 answers one row per region and stage where the gold has a column per stage; bo021 and bo064 golds add a count
    # and a month label: the same figures, judged apart
    "blind/bank-2026-12-05-bo.jsonl": ({"zh": 0.87, "en": 0.75}, 3),
    "blind/bank-2026-12-05-bp.jsonl": ({"zh": 0.71, "en": 0.87}, 0),
    # bq013, bq046, bq052 and bq057: the gold adds a count of the rows (or customers) behind a sum or an average
    "blind/bank-2026-12-05-bq.jsonl": ({"zh": 0.81, "en": 0.56}, 4),
    "blind/bank-2026-12-05-br.jsonl": ({"zh": 0.90, "en": 0.75}, 1),  # br016 answers per campaign where the gold pools them
    "blind/bank-2026-12-05-bs.jsonl": ({"zh": 0.56, "en": 0.71}, 1),  # bs027 groups one click type's events by product
    "blind/bank-2026-12-05-bt.jsonl": ({"zh": 0.87, "en": 0.90}, 0),
    "blind/bank-2026-12-05-bu.jsonl": ({"zh": 0.90, "en": 0.90}, 0),
    "blind/bank-2026-12-05-bv.jsonl": ({"zh": 0.90, "en": 0.71}, 2),  # bv018 (count beside a balance), bv054 (whose payroll customers)
    "blind/bank-2026-12-05-bw.jsonl": ({"zh": 0.87, "en": 0.90}, 1),  # bw042 (no-transaction customers as a group)
    "blind/bank-2026-12-05-bx.jsonl": ({"zh": 0.93, "en": 0.96}, 0),
    # (by042 "for those 3 cities, how many of the high-intent customers are payroll customers?" is answered with the payroll
    # count of the three cities just ranked; the writer's gold adds the high-intent count beside it — judged wrong)
    "blind/bank-2026-12-05-by.jsonl": ({"zh": 0.93, "en": 0.93}, 1),
    # bz014/bz024 (the gold adds the campaign or branch named), bz055 (NULL sum vs 0), bz056 (the gold adds the amount)
    "blind/bank-2026-12-05-bz.jsonl": ({"zh": 0.75, "en": 0.71}, 4),
    "blind/bank-2026-12-05-ca.jsonl": ({"zh": 0.75, "en": 0.53}, 0),
    # a deposit product manager typing fast + a credit risk and growth analyst + a marketing strategist (cd: 2 wrong are
    # golds giving a change in points ×100, 1 a gold adding the campaign's id and name; cc016 is the same points habit)
    "blind/bank-2026-12-05-cb.jsonl": ({"zh": 0.96, "en": 0.93}, 0),
    "blind/bank-2026-12-05-cc.jsonl": ({"zh": 0.87, "en": 0.84}, 1),
    "blind/bank-2026-12-05-cd.jsonl": ({"zh": 0.93, "en": 0.84}, 3),
    # a branch network and channel operations manager (late in the session)
    "blind/bank-2026-12-05-ce.jsonl": ({"zh": 0.87, "en": 0.87}, 0),
    "blind/bank-2026-12-05-cf.jsonl": ({"zh": 0.75, "en": 0.81}, 0),
    "blind/bank-2026-12-05-cg.jsonl": ({"zh": 0.81, "en": 0.75}, 1),  # cg018: cities tied at 0 ranked in another order
    "blind/bank-2026-12-05-ch.jsonl": ({"zh": 0.93, "en": 0.84}, 0),
    "blind/bank-2026-12-05-cj.jsonl": ({"zh": 0.68, "en": 0.68}, 1),  # cj037: a month with none shown as 0, left out by the gold
    "blind/bank-2026-12-05-ck.jsonl": ({"zh": 0.71, "en": 0.71}, 0),
    # a deposit product manager; a channel and branch operations manager
    "blind/bank-2026-12-05-cl.jsonl": ({"zh": 0.93, "en": 0.84}, 0),
    "blind/bank-2026-12-05-cm.jsonl": ({"zh": 0.87, "en": 0.96}, 0),
    # a wealth management product manager; a marketing analytics lead (campaign words: 场, 圈, 入选, 对照组 …)
    "blind/bank-2026-12-05-cp.jsonl": ({"zh": 0.87, "en": 0.81}, 0),
    "blind/bank-2026-12-05-cq.jsonl": ({"zh": 0.68, "en": 0.78}, 0),
    # a sub-branch manager (杭州西湖支行; on the small mart three golds differ from right answers: months with none shown as 0
    # (cr006, cr018), a share of nothing NULL in the gold and 0 here (cr037)); a CRM / customer operations manager
    "blind/bank-2026-12-05-cr.jsonl": ({"zh": 0.84, "en": 0.59}, 3),
    "blind/bank-2026-12-05-cs.jsonl": ({"zh": 0.81, "en": 0.90}, 0),
    # a mobile banking app product owner ("APP拉新的客户", "在APP登录": the app as a channel, a platform and an acquisition
    # channel, still asked back); a finance analyst preparing the monthly KPI pack
    "blind/bank-2026-12-05-ct.jsonl": ({"zh": 0.40, "en": 0.62}, 0),
    "blind/bank-2026-12-05-cu.jsonl": ({"zh": 0.90, "en": 0.87}, 0),
    # a cross-sell planner in team chat; a strategy analyst writing the annual review; a BI analyst half in SQL words; a
    # relationship manager on a phone (typos)
    "blind/bank-2026-12-05-cv.jsonl": ({"zh": 0.75, "en": 0.71}, 0),
    "blind/bank-2026-12-05-cw.jsonl": ({"zh": 0.78, "en": 0.93}, 0),
    "blind/bank-2026-12-05-cx.jsonl": ({"zh": 0.68, "en": 0.68}, 0),
    "blind/bank-2026-12-05-cy.jsonl": ({"zh": 0.68, "en": 0.96}, 0),
    # a payroll and transactions product manager; a new graduate writing English in Chinese word order
    "blind/bank-2026-12-05-cz.jsonl": ({"zh": 0.78, "en": 0.71}, 0),
    "blind/bank-2026-12-05-da.jsonl": ({"zh": 0.96, "en": 0.65}, 0),
    # an internal-control reviewer saying what is in and out (db042 "approved but not yet disbursed" still wrong); a
    # marketing-operations specialist in the campaign season
    "blind/bank-2026-12-05-db.jsonl": ({"zh": 0.71, "en": 0.50}, 1),
    "blind/bank-2026-12-05-dc.jsonl": ({"zh": 0.84, "en": 0.84}, 0),
    # the head of 华东 against the other regions; the customer-tag platform's product owner
    "blind/bank-2026-12-05-dd.jsonl": ({"zh": 0.96, "en": 0.84}, 0),
    "blind/bank-2026-12-05-de.jsonl": ({"zh": 0.78, "en": 0.81}, 0),
    # a collections lead (df027 a region with none shown as 0 on this mart; df044 three states with conditions of their own,
    # left); an operations analyst's month-by-month dashboard
    "blind/bank-2026-12-05-df.jsonl": ({"zh": 0.87, "en": 0.75}, 2),
    "blind/bank-2026-12-05-dg.jsonl": ({"zh": 0.81, "en": 0.62}, 0),
    # a first-day user (dh058 days with none shown as 0 on this mart); a bilingual product manager (di057 the customers left
    # out read as the only ones, left); a regional sales manager; an executive assistant's brief
    "blind/bank-2026-12-05-dh.jsonl": ({"zh": 0.90, "en": 0.87}, 1),
    "blind/bank-2026-12-05-di.jsonl": ({"zh": 0.87, "en": 0.90}, 1),
    "blind/bank-2026-12-05-dj.jsonl": ({"zh": 0.87, "en": 0.81}, 0),
    "blind/bank-2026-12-05-dk.jsonl": ({"zh": 0.90, "en": 0.93}, 0),
    # a deposits and wealth product manager; a customer-analytics manager planning campaigns (dl019 a product's name beside
    # its term, dl037 a count not asked, dm013 and dm041 months as "2025-01": right answers the gold writes another way)
    "blind/bank-2026-12-05-dl.jsonl": ({"zh": 0.81, "en": 0.84}, 2),
    "blind/bank-2026-12-05-dm.jsonl": ({"zh": 0.87, "en": 0.81}, 2),
    # do023, do054: quarters and months with none shown as 0 on this small mart (the gold leaves them out)
    "blind/bank-2026-12-05-do.jsonl": ({"zh": 0.93, "en": 0.90}, 2),
    # dp039: "金额50万以上" includes 50万 (以上), the gold's "> 500000" does not
    "blind/bank-2026-12-05-dp.jsonl": ({"zh": 0.78, "en": 0.96}, 1),
    "blind/bank-2026-12-05-dq.jsonl": ({"zh": 0.71, "en": 0.71}, 0),
    # dr006: a month with none shown as 0 on this small mart; dr057: the right campaign, the gold adds six columns
    "blind/bank-2026-12-05-dr.jsonl": ({"zh": 0.87, "en": 0.93}, 2),
    # 2026-12-06: a regional head (ds), a strategy analyst asking for tables (dt), a campaign manager (du), an operations
    # analyst (dv); left answered wrong: ds052/du031 gold formats, ds055/dt050 the segment finder, dt023 each region's base,
    # dt036 (not yet looked at), du063 converted customers' income, dv013/dv016 the objective read for the conversion figure
    "blind/bank-2026-12-06-ds.jsonl": ({"zh": 0.81, "en": 0.93}, 2),
    "blind/bank-2026-12-06-dt.jsonl": ({"zh": 0.87, "en": 0.78}, 3),
    "blind/bank-2026-12-06-du.jsonl": ({"zh": 0.87, "en": 0.71}, 2),
    "blind/bank-2026-12-06-dv.jsonl": ({"zh": 0.93, "en": 0.78}, 2),
    # a retention manager (dw: dw028 responses taken for the people, dw034 campaign ids in the gold, dw037 a tie on this
    # mart) and a lending product manager (dx: dx048 not yet looked at), written after the fixes of ds to dv
    "blind/bank-2026-12-06-dw.jsonl": ({"zh": 0.68, "en": 0.53}, 3),
    "blind/bank-2026-12-06-dx.jsonl": ({"zh": 0.93, "en": 0.93}, 1),
    # a deposits analyst (dy: dy017 periods the wrong way round, dy063 a deposit balance beside the maturing tag) and a
    # first-week analyst over every topic (dz), written after dw and dx's fixes
    "blind/bank-2026-12-06-dy.jsonl": ({"zh": 0.78, "en": 0.75}, 2),
    "blind/bank-2026-12-06-dz.jsonl": ({"zh": 0.96, "en": 0.90}, 0),
    # a campaign operations lead (ea: ea044 "per converted touch", ea059 a list of customer ids, refused) and a credit
    # analyst (eb: eb016 "split the loan book by term", eb058 "按逾期金额排", an amount of overdue loans, eb037 a rate defined
    # again in brackets with a denominator the model has no name for), a new session
    "blind/bank-2026-12-06-ea.jsonl": ({"zh": 0.96, "en": 0.90}, 0),
    "blind/bank-2026-12-06-eb.jsonl": ({"zh": 0.90, "en": 0.93}, 0),
    # a wealth and digital product manager (ec: ec024 "R4 + R5 customers who are still active", ec055 "看过理财但没买", ec059
    # a bare "active" in a list) and a branch-network manager (ed: ed020 payroll penetration under 25 %, ed029 "哪边高", ed064
    # branches whose new customers fell quarter on quarter), written after ea and eb's fixes
    "blind/bank-2026-12-06-ec.jsonl": ({"zh": 0.96, "en": 0.93}, 0),
    "blind/bank-2026-12-06-ed.jsonl": ({"zh": 0.93, "en": 0.96}, 0),
    # an audit analyst (ee: asides, "relationship started before 2020", "most recent one", a difference of two figures) and
    # a head of retail (ef: ef015 the repurchase window read by the day, the gold by the date), written after ec and ed's fixes
    "blind/bank-2026-12-06-ee.jsonl": ({"zh": 0.81, "en": 0.84}, 0),
    "blind/bank-2026-12-06-ef.jsonl": ({"zh": 0.96, "en": 0.93}, 1),
    # a product owner (eg: eg041 the rows a rate is averaged over, eg052 "没有任何存续定期或大额存单" read as two row conditions) and a
    # segmentation analyst (eh), written after ee and ef's fixes
    "blind/bank-2026-12-06-eg.jsonl": ({"zh": 0.75, "en": 0.75}, 2),
    "blind/bank-2026-12-06-eh.jsonl": ({"zh": 0.81, "en": 0.81}, 0),
    # a finance analyst's slide shorthand (ei: ei013 "按年龄段再拆一下" split further where the gold splits instead) and an
    # intern mixing Chinese and English (ej: "conversion" alone for a campaign's, asked back), a new session
    "blind/bank-2026-12-06-ei.jsonl": ({"zh": 0.96, "en": 0.96}, 1),
    "blind/bank-2026-12-06-ej.jsonl": ({"zh": 0.96, "en": 0.93}, 0),
    # a compliance officer's exact requests (ek: ek013 quarter-end balances labelled by the quarter where the gold writes the
    # month) and a branch manager's own branch (el: el045 "last quarter" read as Q3 by the spec where the gold takes Q4)
    "blind/bank-2026-12-06-ek.jsonl": ({"zh": 0.90, "en": 0.96}, 1),
    "blind/bank-2026-12-06-el.jsonl": ({"zh": 0.93, "en": 0.84}, 1),
    # a wealth sales lead (em: em008/em030/em045 the repurchase window read by calendar day where the model reads 30×24 hours,
    # the spec's open point) and a digital-channel analyst (en: en011 "group by platform 看一下 login 次数" split by activity too)
    # (em020 "30天内有大额存单到期的" is asked back since 2026-12-07: its gold counts the large CDs alone, the tag both kinds)
    "blind/bank-2026-12-06-em.jsonl": ({"zh": 0.81, "en": 0.59}, 3),
    "blind/bank-2026-12-06-en.jsonl": ({"zh": 0.71, "en": 0.71}, 1),
    # a regional director (eo) and a loan-funnel manager (ep: ep053 quarters labelled by their first day where the gold writes
    # year and quarter apart — the same figures)
    "blind/bank-2026-12-06-eo.jsonl": ({"zh": 0.96, "en": 0.96}, 0),
    "blind/bank-2026-12-06-ep.jsonl": ({"zh": 0.90, "en": 0.87}, 1),
    # a credit-risk manager (eq: eq005/eq006 "DPD 90+" read as 90 days or more where the gold takes more than 90 — on this
    # mart one loan is at 90 days exactly) and a campaign operations manager (er)
    "blind/bank-2026-12-06-eq.jsonl": ({"zh": 0.93, "en": 0.90}, 2),
    "blind/bank-2026-12-06-er.jsonl": ({"zh": 0.96, "en": 0.93}, 0),
    # a deposit products manager (es: TD/CD shorthand, accounts by status, product attributes) and a survey analyst (et: long
    # conversational questions, reasons before and hunches after) — most misses asked back, none answered wrong
    "blind/bank-2026-12-06-es.jsonl": ({"zh": 0.75, "en": 0.62}, 0),
    "blind/bank-2026-12-06-et.jsonl": ({"zh": 0.71, "en": 0.65}, 0),
    "blind/bank-2026-12-06-eu.jsonl": ({"zh": 0.96, "en": 0.96}, 1),
    "blind/bank-2026-12-06-ev.jsonl": ({"zh": 0.96, "en": 0.96}, 1),
    "blind/bank-2026-12-06-ew.jsonl": ({"zh": 0.96, "en": 0.93}, 0),
    "blind/bank-2026-12-06-ex.jsonl": ({"zh": 0.93, "en": 0.90}, 1),
    "blind/bank-2026-12-06-ey.jsonl": ({"zh": 0.87, "en": 0.84}, 0),
    "blind/bank-2026-12-06-ez.jsonl": ({"zh": 0.93, "en": 0.93}, 1),
    # a head-office analyst's long, exact questions (70.3 % first run, 4 answered wrong; those mended)
    "blind/bank-2026-12-06-fa.jsonl": ({"zh": 0.90, "en": 0.93}, 0),
    # the wealth-products owner (fe: 64.1 % first run, 3 answered wrong; those mended) and a relationship manager's
    # everyday words (ff: 46.9 % first run, none answered wrong)
    "blind/bank-2026-12-06-fe.jsonl": ({"zh": 0.87, "en": 0.75}, 0),
    "blind/bank-2026-12-06-ff.jsonl": ({"zh": 0.75, "en": 0.71}, 0),
    # a risk and compliance officer (fg: 67.2 % first run, 1 answered wrong; its customer lists are refused by design) and a
    # digital-channel analyst (fh: 76.6 % first run, 4 answered wrong); those mended
    "blind/bank-2026-12-06-fg.jsonl": ({"zh": 0.75, "en": 0.71}, 0),
    "blind/bank-2026-12-06-fh.jsonl": ({"zh": 0.78, "en": 0.81}, 0),
    # a deposits and retention manager (fi) and a weekly briefing across every topic (fj): 71.9 % and 89.1 % first run,
    # none answered wrong (measured only)
    "blind/bank-2026-12-06-fi.jsonl": ({"zh": 0.71, "en": 0.71}, 0),
    "blind/bank-2026-12-06-fj.jsonl": ({"zh": 0.93, "en": 0.84}, 0),
    # campaign operations (fm: 68.8 % first run, 5 answered wrong) and the owner of the metric definitions, who restates
    # them in every question (fn: 34.4 % first run, 2 answered wrong); the wrong ones mended
    "blind/bank-2026-12-06-fm.jsonl": ({"zh": 0.81, "en": 0.84}, 0),
    "blind/bank-2026-12-06-fn.jsonl": ({"zh": 0.62, "en": 0.31}, 0),
    # a chief of staff's board deck (fo: 85.9 % first run, 2 answered wrong) and a customer-experience manager's surveys and
    # churn (fp: 68.8 % first run, 1 answered wrong); the wrong ones mended
    "blind/bank-2026-12-06-fo.jsonl": ({"zh": 0.93, "en": 0.93}, 0),
    "blind/bank-2026-12-06-fp.jsonl": ({"zh": 0.62, "en": 0.78}, 0),
    # a loan-campaign planner (fs: 70.3 % first run, 3 answered wrong) and an internal auditor re-checking the report (ft:
    # 67.2 %, 2 answered wrong) — a new sitting's first sets, all five wrong readings mended
    "blind/bank-2026-12-06-fs.jsonl": ({"zh": 0.87, "en": 0.87}, 0),
    "blind/bank-2026-12-06-ft.jsonl": ({"zh": 0.87, "en": 0.87}, 0),
    # a marketing manager from consumer goods (fu: 79.7 % first run, 1 answered wrong) and a lending product manager's
    # comparisons and exclusions (fv: 78.1 %, 4 answered wrong; fv060's gold adds the gap between the two rates the answer shows)
    "blind/bank-2026-12-06-fu.jsonl": ({"zh": 0.93, "en": 0.93}, 0),
    "blind/bank-2026-12-06-fv.jsonl": ({"zh": 0.84, "en": 0.84}, 1),
    # a BI lead's report-builder words (fw: 71.9 % first run, 1 answered wrong) and a sub-branch manager's Monday huddle —
    # weeks, yesterday, one branch against its city (fx: 82.8 %, none answered wrong)
    "blind/bank-2026-12-06-fw.jsonl": ({"zh": 0.87, "en": 0.87}, 0),
    "blind/bank-2026-12-06-fx.jsonl": ({"zh": 0.84, "en": 0.81}, 0),
    # a credit-risk analyst (fy: 82.8 % first run, 3 answered wrong) and everyday words — a counter lead's plain Chinese, an
    # intern's simple English (fz: 43.8 %, 2 answered wrong; the weakest ground, most of it asked back)
    "blind/bank-2026-12-06-fy.jsonl": ({"zh": 0.81, "en": 0.81}, 0),
    "blind/bank-2026-12-06-fz.jsonl": ({"zh": 0.40, "en": 0.59}, 0),
    # a marketing analyst chatting with context (ga: 84.4 % first run, 1 "answered wrong" — ga053's quarter-end balances are
    # right, labelled by the quarter's first day where the gold labels the snapshot month) and everyday words again — a
    # call-centre supervisor's Chinese, a regional manager's second-language English (gb: 40.6 %, 2 answered wrong)
    "blind/bank-2026-12-06-ga.jsonl": ({"zh": 0.84, "en": 0.78}, 1),
    "blind/bank-2026-12-06-gb.jsonl": ({"zh": 0.28, "en": 0.56}, 0),
    # an app product analyst on Slack (gd, last sitting: 68.8 % first run, 4 answered wrong — login days over a year, the
    # base of "% of customers we acquired through the app", "only on the mini program", the top period instead of all five)
    "blind/bank-2026-12-06-gd.jsonl": ({"zh": 0.68, "en": 0.87}, 0),
    # a head-office evaluator's even spread (ge: 82.8 % first run, 2 answered wrong — quarter-end labels, "上季度开始的活动")
    # and a regional marketing lead in a hurry (gf: 75.0 %, 2 answered wrong — one campaign described, its figures
    # without its name; gf060's gold lists every objective where "按活动目标看ROI，哪类活动最划算" is answered with the top one)
    "blind/bank-2026-12-07-ge.jsonl": ({"zh": 1.0, "en": 0.93}, 0),
    "blind/bank-2026-12-07-gf.jsonl": ({"zh": 0.93, "en": 1.0}, 1),
    # a deposits-and-wealth product owner (gg: 87.5 % first run, 2 answered wrong — "新开…账户数" as two counts, "已到期的
    # 定期存款" as deposits maturing within 30 days)
    "blind/bank-2026-12-07-gg.jsonl": ({"zh": 1.0, "en": 0.90}, 0),
    # a branch-network manager (gi: 89.1 % first run, none answered wrong — "how many branches do we run" asks a count the
    # model does not define) and a CRM manager who tells a story before each question (gl: 54.7 %, 1 answered wrong —
    # 手机APP获客 read as two channels)
    "blind/bank-2026-12-07-gi.jsonl": ({"zh": 1.0, "en": 0.93}, 0),
    "blind/bank-2026-12-07-gl.jsonl": ({"zh": 0.81, "en": 0.84}, 0),
    # a digital growth manager's dashboard shorthand (go: 73.4 % first run with golds compared at their writer's rounding,
    # 5 answered wrong — "customers who opened in 2025" as everyone on its last day, "登录过的人里面" as login events; on the
    # small mart two of its figures — an average per user beside the gold's counts, a bottom 3 of tied zero shares — are
    # judged apart from their golds) and a risk and compliance reviewer (gp: 76.6 %, 4 answered wrong)
    "blind/bank-2026-12-07-go.jsonl": ({"zh": 0.84, "en": 0.68}, 2),
    "blind/bank-2026-12-07-gp.jsonl": ({"zh": 0.93, "en": 0.75}, 0),
    # a sub-branch relationship manager (gq: 92.2 % first run, none answered wrong; English 87.5 % — one miss is a top 10 of
    # single customers, refused by design)
    "blind/bank-2026-12-07-gq.jsonl": ({"zh": 0.96, "en": 0.87}, 0),
    # a campaign analyst (gs: 81.2 % first run on the landed 7111c5b, 6 answered wrong — three mended: each quarter's
    # campaigns, the average budget per campaign, "dormant-customer wake-up campaigns"; "那些记录里…贡献了多少比例" as an amount,
    # two campaigns compared in one row, a campaign picked by its words where the objective was meant are left) and a survey
    # and transactions product manager (gt: 82.8 %, 1 answered wrong — 工资入账总额 counted)
    # (the four wrong answers left were mended the next sitting: none answered wrong now)
    "blind/bank-2026-12-07-gs.jsonl": ({"zh": 0.96, "en": 0.87}, 0),
    "blind/bank-2026-12-07-gt.jsonl": ({"zh": 0.93, "en": 0.90}, 0),
    # a payroll relationship manager (gx: 84.4 % first run, none wrong) and an executive assistant's polite full sentences
    # (gy: 57.8 %, one wrong — "as of the latest data (31 December 2025)" read as that one day), both on 51ffc48
    "blind/bank-2026-12-07-gx.jsonl": ({"zh": 0.96, "en": 0.87}, 0),
    "blind/bank-2026-12-07-gy.jsonl": ({"zh": 0.90, "en": 0.87}, 0),
    # a risk officer's exact bounds (gz: 79.7 % first run, none wrong) and follow-up chains (ha: 90.6 %, two wrong — a
    # month-by-month rate kept for "Q4 as a whole, just one number"; "not amount" read as an amount of zero), on 8692413
    "blind/bank-2026-12-07-gz.jsonl": ({"zh": 0.90, "en": 0.90}, 0),
    "blind/bank-2026-12-07-ha.jsonl": ({"zh": 0.96, "en": 0.87}, 0),
    # a deposits product manager (hb: 82.8 % first run, two wrong — the maturity month read as the opening month, 大额存单
    # 到期 of the customers before) and a digital-channel analyst (hc: 79.7 %, two wrong — "App和小程序都登录过" as either, a
    # share of each group's customers read as a share of the events), on 7538917; on the small mart hb047's empty sum is 0
    # where the gold has NULL
    # (mended the next sitting: hb028 and hc002 asked back, hc057 answered; hb047 stays "wrong" on the small mart)
    "blind/bank-2026-12-07-hb.jsonl": ({"zh": 0.84, "en": 0.90}, 1),
    "blind/bank-2026-12-07-hc.jsonl": ({"zh": 0.81, "en": 0.87}, 0),
    # a wealth sales lead's fragments (he: 87.5 % first run on 64953a6, none wrong); a head-office analyst's English with the
    # spec's Chinese terms (hf: 90.6 %, one wrong — month-ends of six months answered as the last) and a branch supervisor's
    # colloquial Chinese (hg: 90.6 %, none wrong), both written after hd/he's fixes and scored on b45940d
    "blind/bank-2026-12-07-he.jsonl": ({"zh": 0.93, "en": 0.90}, 0),
    "blind/bank-2026-12-07-hf.jsonl": ({"zh": 0.96, "en": 0.93}, 0),
    "blind/bank-2026-12-07-hg.jsonl": ({"zh": 1.0, "en": 0.93}, 0),
    # a retail-credit portfolio manager (hh: 85.9 % first run on e3d4d6f, none wrong) and a campaign manager's jargon (hi:
    # 81.2 %, two wrong — "Sizing a wake-up campaign:" read as the campaign's touches, 这个月新来的客户 set aside as a greeting)
    "blind/bank-2026-12-07-hh.jsonl": ({"zh": 0.87, "en": 0.93}, 0),
    "blind/bank-2026-12-07-hi.jsonl": ({"zh": 0.90, "en": 0.90}, 0),
    # an internal-audit reviewer (hj: 60.9 % first run on 548780b, one wrong — the rows' total and count listed beside
    # their average dropped); a tag's definition restated with its threshold and the repurchase rate's are left
    "blind/bank-2026-12-07-hj.jsonl": ({"zh": 0.90, "en": 0.96}, 0),
    # written after hj/hk's fixes: a regional director's QBR questions (hl: 93.8 % first run, none wrong — at the bar) and a
    # customer-insight analyst's own words (hm: 78.1 %, three wrong — a share of approvals among approvals, 100 %; "hold
    # some wealth products" as app events about them)
    "blind/bank-2026-12-07-hl.jsonl": ({"zh": 0.96, "en": 0.93}, 0),
    "blind/bank-2026-12-07-hm.jsonl": ({"zh": 0.96, "en": 0.93}, 0),
    # written after hm's fixes (first runs on 1b5c6e7): a loan-operations supervisor's short dates (hn: 78.1 %, two wrong —
    # "上个月批了多少笔" as last month's applications that were approved) and a marketing analyst's purpose said first (ho:
    # 32.8 %, none wrong — nearly every miss a purpose clause, "为…，请统计…", "Before we …, …")
    "blind/bank-2026-12-07-hn.jsonl": ({"zh": 0.90, "en": 0.87}, 0),
    "blind/bank-2026-12-07-ho.jsonl": ({"zh": 0.75, "en": 0.65}, 0),
    # written after hn/ho's fixes (first runs on 56d3ac7): a wealth product manager's flows (hp: 76.6 %, one wrong — "理财申购、
    # 赎回金额按月列一下" summed the two kinds each month, left) and a junior analyst's short questions (hq: 93.8 %, none wrong)
    "blind/bank-2026-12-07-hp.jsonl": ({"zh": 0.75, "en": 0.81}, 1),
    "blind/bank-2026-12-07-hq.jsonl": ({"zh": 0.96, "en": 0.93}, 0),
    # written after hp/hq's fixes (first runs on 3a31472): a customer-service team lead's context and exclusions (hr: 50.0 %,
    # four wrong — "流失的那些就不要算进来了" counted them in, "打1分或2分" compared the number of responses, a follow-up of a
    # question not answered taken alone, 没有代发工资 as no salary credit) and a new data scientist's column names (hs: 79.7 %,
    # four wrong — id_number of one customer, staff headcount, "open_date is in 2024", "status = 'disbursed'" as every loan
    # disbursed and max(amount) lost)
    "blind/bank-2026-12-07-hr.jsonl": ({"zh": 0.78, "en": 0.71}, 0),
    "blind/bank-2026-12-07-hs.jsonl": ({"zh": 0.90, "en": 0.90}, 0),
    # written after hr/hs's fixes (first runs on 9fcb9fa, 75.0 % each): a sub-branch manager's huddle (ht: two wrong — "came in
    # through the app and got rejected" as two figures, "哪个平台都算" split by platform; "West Lake branch" was seven misses) and a
    # credit-risk analyst (hu: two wrong — "这几笔" after a question back, "application volume" as the amount disbursed). ht056's
    # gold is NULL on this small mart (no Hangzhou mortgage in 2025), the answer 0 %
    "blind/bank-2026-12-07-ht.jsonl": ({"zh": 0.93, "en": 0.78}, 1),
    "blind/bank-2026-12-07-hu.jsonl": ({"zh": 0.87, "en": 0.71}, 0),
    # written after ht/hu's fixes (first runs on 9c2ee32): a digital-marketing manager (hv: 79.7 %, two wrong — "全部活动看，
    # …最低的两个渠道" ranked campaign-and-channel pairs, "conversions … had a conversion amount over 10k" gave two figures) and
    # an executive's chief of staff (hw: 85.9 %, one wrong — "目标客群规模" read as the segment's AUM)
    "blind/bank-2026-12-07-hv.jsonl": ({"zh": 0.78, "en": 0.84}, 0),
    "blind/bank-2026-12-07-hw.jsonl": ({"zh": 0.93, "en": 0.96}, 0),
    # written after hv/hw's fixes (first runs on f5c9185, no change made because of them): a wealth-team analyst (hx: 85.9 %,
    # none wrong) and a finance analyst stating the basis of each figure (hy: 92.2 %, none wrong — at the bar)
    "blind/bank-2026-12-07-hx.jsonl": ({"zh": 0.87, "en": 0.84}, 0),
    "blind/bank-2026-12-07-hy.jsonl": ({"zh": 0.93, "en": 0.90}, 0),
    # a new sitting, first runs on 23162d1: an internal-audit officer (hz: 81.2 %, one wrong — rejected applications "以申请日期统计"
    # counted by the decision date) and the app's product manager (ia: 89.1 %, one wrong — "生命周期是新客、但近30天一天都没登录过"
    # counted customers who opened in the login window)
    "blind/bank-2026-12-07-hz.jsonl": ({"zh": 1.0, "en": 0.93}, 0),
    "blind/bank-2026-12-07-ia.jsonl": ({"zh": 1.0, "en": 0.93}, 0),
    # written after hz/ia's fixes (first runs on 106bb45): a relationship manager's spoken Chinese (ib: 92.2 %, none wrong) and a
    # campaign planner's definitions in brackets (ic: 81.2 %, four wrong — "(uplift = treated conversion rate minus …)" read
    # "treated" as a condition, "exclude anyone with …" over "Dec-2025" as a year, the clause holding the question set aside)
    "blind/bank-2026-12-07-ib.jsonl": ({"zh": 0.96, "en": 1.0}, 0),
    "blind/bank-2026-12-07-ic.jsonl": ({"zh": 0.93, "en": 0.84}, 0),
    # written after ib/ic's fixes (first runs on c86a4f5): a regional head's terse phone messages (id: 90.6 %, four wrong —
    # "mom" over a year compared the year with the one before, "房贷申请 平均金额" averaged the disbursed ones, "实验组vs对照组"
    # split the rates by campaign) and a data-governance officer's 口径 words (ie: 70.3 %, none wrong)
    "blind/bank-2026-12-07-id.jsonl": ({"zh": 1.0, "en": 0.93}, 0),
    "blind/bank-2026-12-07-ie.jsonl": ({"zh": 0.81, "en": 0.81}, 0),
    # written after id/ie's fixes (first runs on c761df4): a consumer-loan product owner's funnel (if: 87.5 %, one wrong —
    # "今年被拒掉的贷款申请，平均申请金额" averaged this year's applications that were rejected) and a customer-insight
    # researcher's cross-tabs (ig: 70.3 %, none wrong)
    "blind/bank-2026-12-07-if.jsonl": ({"zh": 0.87, "en": 0.90}, 0),
    "blind/bank-2026-12-07-ig.jsonl": ({"zh": 0.84, "en": 0.87}, 0),
    # written after if/ig's fixes (first runs on the landed 80ca204): a deposits product manager (ih: 93.8 %, none wrong — zh 100 %,
    # en 87.5 %) and a branch operations supervisor (ii: 90.6 %, two wrong — "本月新增了几个客户" counted every customer, "How many
    # ATMs and counter windows does each branch have?" answered as transactions)
    "blind/bank-2026-12-07-ih.jsonl": ({"zh": 1.0, "en": 0.87}, 0),
    "blind/bank-2026-12-07-ii.jsonl": ({"zh": 0.96, "en": 0.90}, 0),
    # a new session, on 0a841a9: a payroll-service business head (ij: 84.4 %, two wrong — "payroll customers by app activity
    # level" counted app events; ij039 read "登录过app" as the app platform where the writer counted every platform, kept as
    # it is) and an analyst writing British English (ik: 82.8 %, zh 93.8 %, two wrong — "came to us by referral in 2024" counted
    # every referral customer then; "…的客户 列出来" answered with their count)
    "blind/bank-2026-12-08-ij.jsonl": ({"zh": 0.93, "en": 0.93}, 1),
    "blind/bank-2026-12-08-ik.jsonl": ({"zh": 0.96, "en": 0.93}, 0),
    # written after ij/ik's fixes (first runs on cacb222): a chief of staff's American business English (il: 84.4 %, one
    # wrong — "金额在10w到50w之间的有几笔" compared the count with the band) and a learner's English (im: 84.4 %, two wrong —
    # "营销触达哪个渠道的点击率最高" ranked by touches, "customer who have loan outstanding" added the loan balance)
    "blind/bank-2026-12-08-il.jsonl": ({"zh": 0.96, "en": 0.81}, 0),
    "blind/bank-2026-12-08-im.jsonl": ({"zh": 1.0, "en": 0.90}, 0),
    # written after il/im's fixes (first runs on fabbf99): a small-business banking manager's jargon (in: 79.7 %, none wrong)
    # and an internal-communications writer's fun facts — groups compared by averages (io: 67.2 %, five wrong: 成都或者重庆
    # read as a city and a province, a plan's clause naming whom set aside, "has a time deposit …" also a deposit holder,
    # 生日 corrected to 生效, "between 100k and 300k" where the writer's band ends below 300k — the last kept as it is)
    "blind/bank-2026-12-08-in.jsonl": ({"zh": 0.84, "en": 0.81}, 0),
    "blind/bank-2026-12-08-io.jsonl": ({"zh": 0.87, "en": 0.84}, 0),
    # written after in/io's fixes (first runs on f1f125a): a chief risk officer (ip: 87.5 %, one wrong — "List the loan-only
    # customers … who also have a loan past due" answered with their count; ip003 "逾期90天以上" reads 以上 as inclusive where the
    # writer's gold starts above 90, one loan at exactly 90 days on the small mart) and a new teller's typos (iq: 92.2 %, zh
    # 96.9 %, two wrong — "list custmers whose …" answered with a count; iq051 "disbursed loans" counts every loan paid out,
    # the writer only those still outstanding, kept as it is)
    "blind/bank-2026-12-08-ip.jsonl": ({"zh": 0.84, "en": 0.87}, 1),
    "blind/bank-2026-12-08-iq.jsonl": ({"zh": 0.96, "en": 0.90}, 1),
}


@pytest.mark.parametrize(("name", "floor"), BELOW_THE_BAR.items())
def test_blind_sets_below_the_bar_do_not_regress(assistant: Assistant, name: str, floor: tuple[dict[str, float], int]) -> None:
    fresh = Assistant(assistant.warehouse, assistant.parser, access=UNDERSTANDING_ONLY)
    path = Path(__file__).parent / name
    report = evaluate(fresh, path)
    lines = [f"  {k}: {ok}/{n} = {ok / n:.1%}" for k, (ok, n) in report.accuracy("lang").items()]
    lines += [f"  ✗ {r.id} {r.status} {r.detail}" for r in report.results if not r.ok]
    print(f"\nBlind set below the bar 未达标盲测集 {name}:\n" + "\n".join(lines))
    minimum, most_wrong = floor
    asked = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(report.results) == len(asked) >= 30  # the whole file was read (the smallest sets have 32 questions)
    for lang, (ok, n) in report.accuracy("lang").items():
        assert ok / n >= minimum[lang], f"{lang} regressed:\n" + "\n".join(lines)
    assert len(report.answered_wrong) <= most_wrong, "answered but wrong:\n" + "\n".join(lines)


CARDS = Path(__file__).parents[2] / "docs/examples/card_spend"


def test_card_spending_blind_set_on_its_own_model(tmp_path: Path) -> None:
    """A second dataset with its own model: the same bars, no bank words needed."""
    from semantic_layer.importer import import_file

    db = tmp_path / "cards.duckdb"
    import_file(CARDS / "card_spend.csv", "card_spend", db)
    cards = Assistant.open(db, CARDS / "model")
    cards.access = UNDERSTANDING_ONLY
    report = evaluate(cards, Path(__file__).with_name("blind") / "cards-2026-12-02.jsonl")
    failures = [f"{r.id} {r.status} {r.detail}" for r in report.results if not r.ok]
    assert len(report.results) == 40
    for lang, (ok, n) in report.accuracy("lang").items():
        assert ok / n >= 0.90, f"{lang}: {ok}/{n}\n" + "\n".join(failures)
    assert len(report.answered_wrong) <= 1, "\n".join(failures)
