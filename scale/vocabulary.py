"""Chinese text for generated data, cut from the seed article and the demo case, so that search,
sorting and page layout meet the same kind of text the real data has."""

import json
import re
from functools import cache
from pathlib import Path

from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "fixtures" / "demo"
# The 2022 article on the Putian standing committee's oversight that the demo case comes from.
ARTICLE_FILE = FIXTURES / "seed_article.txt"
DEMO_FILE = FIXTURES / "seed_case.json"

# Fujian's prefecture cities, each followed by its districts, counties and county-level cities: one
# people's congress each (a province-wide platform), a county's under its prefecture city's.
PROVINCE = "福建省"
PREFECTURES = [
    line.split()
    for line in (
        "福州市 鼓楼区 台江区 仓山区 马尾区 晋安区 长乐区 闽侯县 连江县 罗源县 闽清县 永泰县 平潭县 福清市",
        "厦门市 思明区 海沧区 湖里区 集美区 同安区 翔安区",
        "莆田市 城厢区 涵江区 荔城区 秀屿区 仙游县",
        "三明市 三元区 沙县区 明溪县 清流县 宁化县 大田县 尤溪县 将乐县 泰宁县 建宁县 永安市",
        "泉州市 鲤城区 丰泽区 洛江区 泉港区 惠安县 安溪县 永春县 德化县 石狮市 晋江市 南安市",
        "漳州市 芗城区 龙文区 龙海区 长泰区 云霄县 漳浦县 诏安县 东山县 南靖县 平和县 华安县",
        "南平市 延平区 建阳区 顺昌县 浦城县 光泽县 松溪县 政和县 邵武市 武夷山市 建瓯市",
        "龙岩市 新罗区 永定区 长汀县 上杭县 武平县 连城县 漳平市",
        "宁德市 蕉城区 霞浦县 古田县 屏南县 寿宁县 周宁县 柘荣县 福安市 福鼎市",
    )
]
REGIONS = [name for line in PREFECTURES for name in line]
# The prefecture city a region belongs to (a city belongs to itself).
PREFECTURE_OF = {name: line[0] for line in PREFECTURES for name in line}

# (code suffix, name after the region's name, kind)
DEPARTMENTS = [
    ("npc-jiansi", "人大常委会监察和司法委员会", "committee_office"),
    ("npc-caijing", "人大常委会财政经济委员会", "committee_office"),
    ("npc-jiaokewen", "人大常委会教育科学文化卫生委员会", "committee_office"),
    ("npc-huanzi", "人大常委会城乡建设环境资源保护委员会", "committee_office"),
    ("police", "公安局", "government"),
    ("education", "教育局", "government"),
    ("finance", "财政局", "government"),
    ("civil-affairs", "民政局", "government"),
    ("hrss", "人力资源和社会保障局", "government"),
    ("natural-resources", "自然资源局", "government"),
    ("ecology", "生态环境局", "government"),
    ("housing", "住房和城乡建设局", "government"),
    ("transport", "交通运输局", "government"),
    ("agriculture", "农业农村局", "government"),
    ("water", "水利局", "government"),
    ("commerce", "商务局", "government"),
    ("culture", "文化和旅游局", "government"),
    ("health", "卫生健康委员会", "government"),
    ("market", "市场监督管理局", "government"),
    ("emergency", "应急管理局", "government"),
    ("justice", "司法局", "government"),
    ("industry", "工业和信息化局", "government"),
    ("drc", "发展和改革委员会", "government"),
    ("zhengfa", "委政法委", "other"),
    ("wangxin", "委网信办", "other"),
    ("pboc", "人民银行支行", "enterprise"),
    ("cmcc", "移动分公司", "enterprise"),
    ("telecom", "电信分公司", "enterprise"),
]

# Oversight subjects: (title, responsible office suffix, departments that lead its tasks).
SUBJECTS = [
    (
        "打击治理电信网络新型违法犯罪",
        "npc-jiansi",
        ["police", "pboc", "cmcc", "telecom", "wangxin", "zhengfa"],
    ),
    ("反电信网络诈骗宣传", "npc-jiansi", ["police", "education", "wangxin", "culture", "civil-affairs"]),
    ("“断卡”行动", "npc-jiansi", ["police", "pboc", "cmcc", "telecom", "market"]),
    ("涉诈重点人员属地管控", "npc-jiansi", ["police", "zhengfa", "justice", "civil-affairs"]),
    ("预算执行和审计查出问题整改", "npc-caijing", ["finance", "drc", "commerce", "industry"]),
    ("优化营商环境", "npc-caijing", ["drc", "market", "commerce", "industry", "finance"]),
    ("义务教育优质均衡发展", "npc-jiaokewen", ["education", "finance", "hrss", "housing"]),
    ("基层医疗卫生服务体系建设", "npc-jiaokewen", ["health", "finance", "hrss", "civil-affairs"]),
    ("生态环境保护", "npc-huanzi", ["ecology", "natural-resources", "water", "agriculture", "housing"]),
    ("城乡生活垃圾分类", "npc-huanzi", ["housing", "ecology", "agriculture", "commerce"]),
    ("安全生产", "npc-caijing", ["emergency", "industry", "transport", "housing", "market"]),
    ("乡村振兴", "npc-caijing", ["agriculture", "water", "natural-resources", "finance", "culture"]),
]

TOPIC_FORMS = [
    "work_report",
    "enforcement_inspection",
    "inquiry",
    "field_investigation",
    "audit_rectification",
]
TOPIC_FORM_TITLES = {
    "work_report": "关于{}工作情况的专项工作报告",
    "enforcement_inspection": "{}相关法律法规执法检查",
    "inquiry": "{}工作专题询问",
    "field_investigation": "{}工作视察调查",
    "audit_rectification": "{}审计查出问题整改情况",
}

SURNAMES = "黄施吴林陈郑王李张刘蔡许方杨徐朱周翁余肖"
GIVEN = "景亮晓阳秀珠建国志明丽华文斌海燕永强金凤荣辉国庆春梅"

RETURN_NOTES = [
    "佐证材料不全,请补充",
    "请补充量化指标和同比数据",
    "请说明下一步工作计划",
    "请明确责任人和完成时限",
]
CLOSE_NOTES = ["经常委会审议,已基本落实", "持续跟踪监督,列入回头看", "办理情况报告经满意度测评"]
REOPEN_NOTES = ["回头看发现问题反弹,重新办理", "跟踪监督中发现整改不到位"]


def _clauses(text):
    """Clauses of the article: split at Chinese punctuation, keep the ones a title could be."""
    parts = re.split(r"[,。;:!?、\n]|……", text)
    return [p.strip(" “”‘’") for p in parts if 6 <= len(p.strip(" “”‘’")) <= 40]


@cache
def corpus():
    """Titles, sentences, finding categories and indicators, from the seed article and demo case."""
    # Read without a fallback: generated data without this text would silently lose its realism.
    article = ARTICLE_FILE.read_text(encoding="utf-8")
    demo = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    recommendations = demo["recommendations"]
    tasks = [t for r in recommendations for t in r["tasks"]]
    reports = [rep for t in tasks for rep in t["reports"]]
    sentences = [s.strip() + "。" for s in re.split(r"[。\n]", article) if 15 <= len(s.strip()) <= 160]
    clauses = _clauses(article)
    return {
        "clauses": clauses,
        "sentences": sentences,
        "rec_titles": [r["title"] for r in recommendations] + [c for c in clauses if 8 <= len(c) <= 24],
        "rec_bodies": [r["body"] for r in recommendations] + sentences,
        "task_titles": [t["title"] for t in tasks] + [c for c in clauses if 10 <= len(c) <= 30],
        "task_descriptions": [t["description"] for t in tasks] + sentences,
        "narratives": [rep["narrative"] for rep in reports] + sentences,
        "finding_titles": [f["title"] for f in demo["findings"]] + [c for c in clauses if 10 <= len(c) <= 30],
        "finding_categories": sorted({f["category"] for f in demo["findings"]} | {"机制不健全", "保障不足"}),
        "remarks": [r["content"] for r in demo["meeting"]["remarks"]] + sentences,
        "indicators": [(i["name"], i["unit"], i["direction"]) for i in demo["indicators"]],
    }
