"""Unit lists and roles on phrasings met in real notices outside the corpus (audit round 3: units).
Each family is asserted by value (task numbers, unit names as written, roles) in both scripts, on
notices written for these tests."""
from __future__ import annotations

import pytest

from extractor.cues.unitlist import split_units
from extractor.normalise import normalise, to_script
from extractor.pipeline import extract_text

SCRIPTS = ["simplified", "traditional"]
HEAD = ("关于印发某市示范工作方案的通知\n各有关单位：\n现将方案印发给你们。\n某市人民政府办公室\n2024年3月1日\n"
        "某市示范工作方案\n一、重点任务\n")


def conv(s, script):
    return s if script == "simplified" else to_script(s, "traditional")


def roles(body, script, head=HEAD):
    """[(task number, sorted [(unit in Simplified, role)])] of a small notice."""
    doc = extract_text(conv(head + body, script), segmenter="none")
    return [(t["number"], sorted((normalise(r["unit"]).text, r["role"]) for r in t["responsibilities"]))
            for t in doc["tasks"]]


def srt(expect):
    return [(n, sorted(rs)) for n, rs in expect]


def names(s):
    return [m.name for m in split_units(normalise(s).text)]


@pytest.mark.parametrize("script", SCRIPTS)
def test_shared_head_distributes_over_levels(script):
    # a leading 各 over levels sharing one head, a level word the lexicon learnt (特区)
    got = roles("（一）开展普查。摸清底数。（责任单位：各市、特区、区人民政府）\n"
                "（二）做好保障。落实用房。（责任单位：市机关事务局，中央、省驻市单位）\n"
                "（三）保障资金。列入预算。（市、县（区）两级财政部门负责）\n", script)
    assert got == [
        ("一", [("各区人民政府", "responsible"), ("各市人民政府", "responsible"), ("各特区人民政府", "responsible")]),
        ("二", [("中央驻市单位", "responsible"), ("市机关事务局", "responsible"), ("省驻市单位", "responsible")]),
        ("三", [("县(区)财政部门", "responsible"), ("市财政部门", "responsible")]),
    ]


def test_distribution_spans_and_limits():
    t = normalise("市、县(区)两级财政部门").text
    ms = split_units(t)
    # each name is written where its level is, the shared head where the head is; 两级 is in neither
    assert [(m.name, t[m.start:m.end], t[m.suffix_span[0]:m.suffix_span[1]]) for m in ms] == [
        ("市财政部门", "市", "财政部门"), ("县(区)财政部门", "县(区)", "财政部门")]
    # a catch-all the lexicon names as one stays whole; a catch-all with its own 各 takes no other 各
    assert names("各省、自治区、直辖市人民政府") == ["各省、自治区、直辖市人民政府"]
    assert names("各街道、区直各部门") == ["各街道", "区直各部门"]
    assert names("各县、县直各部门") == ["各县", "县直各部门"]
    # 各 goes on over 和/及 to a name without a level of its own, not to a bare head or 有关 body
    assert names("各县(市、区)工科局和县(市、区)委文明办") == ["各县(市、区)工科局", "各县(市、区)委文明办"]
    assert names("各通信运营商和供电公司") == ["各通信运营商", "各供电公司"]
    assert names("各市党委和人民政府") == ["各市党委", "人民政府"]
    assert names("各开发区管委会和有关单位") == ["各开发区管委会", "有关单位"]
    # without 各, a level list distributes only a whole unit head
    assert names("省、市有关部门") == ["省、市有关部门"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_name_boundaries(script):
    got = roles("（一）办好专栏。扩大覆盖面。（责任单位：市委宣传部、《某城日报》社、市“双拥”办）\n"
                "（二）清理杆线。组织施工。（责任单位：属地乡镇（街道办）、市通信发展管理办公室（市通管办））\n", script)
    assert got == [
        ("一", [("《某城日报》社", "responsible"), ("市“双拥”办", "responsible"), ("市委宣传部", "responsible")]),
        # a bracket of other levels is part of the name; an alias in brackets is not
        ("二", [("属地乡镇(街道办)", "responsible"), ("市通信发展管理办公室", "responsible")]),
    ]


@pytest.mark.parametrize("script", SCRIPTS)
def test_label_variants(script):
    got = roles("（一）落实安全责任。开展隐患排查。（责任主体：各乡镇人民政府；督导单位：县应急局）\n"
                "（二）强化执法。开展联合检查。（实施主体：县市场监管局；参与单位：县公安局；协作部门：县交通运输局）\n"
                "（三）修订技术规范。（牵头处室：规划处；配合处室：财务处、科技处）\n", script)
    assert got == [
        ("一", [("县应急局", "responsible"), ("各乡镇人民政府", "responsible")]),
        ("二", [("县交通运输局", "support"), ("县公安局", "support"), ("县市场监管局", "responsible")]),
        ("三", [("科技处", "support"), ("规划处", "lead"), ("财务处", "support")]),
    ]


@pytest.mark.parametrize("script", SCRIPTS)
def test_labels_on_lines_under_the_item(script):
    got = roles("1.地区生产总值增长6%左右。\n牵头单位：区发改局\n责任单位：区经济开发区，各街道\n"
                "2.固定资产投资增长10%左右。\n牵头单位：区发改局\n责任单位：各街道、区直各部门\n", script)
    assert got == [
        ("1", [("区发改局", "lead"), ("区经济开发区", "responsible"), ("各街道", "responsible")]),
        ("2", [("区发改局", "lead"), ("区直各部门", "responsible"), ("各街道", "responsible")]),
    ]


@pytest.mark.parametrize("script", SCRIPTS)
def test_square_bracket_groups_and_blanket_clauses(script):
    # a group whose names hold brackets is written in 〔〕; a clause stating a blanket assignment
    # for the items below is no unit list of this item
    got = roles("（一）制定准入清单。明确限制发展的行业。〔市生态环境局牵头，市发展和改革局、工业和信息化局参与，"
                "各县、区人民政府（管委会）负责落实。以下各项工作均需各县、区人民政府（管委会）落实，不再列出。〕"
                "严控新建燃煤锅炉。（市生态环境局、市场监管局牵头）\n"
                "（二）整治散乱污企业。依照某政〔2024〕17号文件办理。（市生态环境局牵头督导，市公安局参与）\n", script)
    assert got == [
        ("一", [("各区人民政府(管委会)", "responsible"), ("各县人民政府(管委会)", "responsible"),
                ("工业和信息化局", "support"), ("市发展和改革局", "support"), ("市场监管局", "lead"),
                ("市生态环境局", "lead")]),
        ("二", [("市公安局", "support"), ("市生态环境局", "lead")]),
    ]


@pytest.mark.parametrize("script", SCRIPTS)
def test_unit_name_wrapped_inside_a_bracket_group(script):
    src = conv(HEAD + "（一）加强运输保障。组织运力调度。（牵头单位：市交通运输局；配合单位：市发展和改\n革委员会、市公安局）\n"
               "（二）完善台账。按月更新。（责任单位：市统计局）\n", script)
    doc = extract_text(src, segmenter="none")
    got = [(r["unit_id"], r["role"], src[r["span"][0]:r["span"][1]]) for r in doc["tasks"][0]["responsibilities"]]
    assert got == [("unit:市交通运输局", "lead", conv("市交通运输局", script)),
                   ("unit:市发展和改革委员会", "support", conv("市发展和改\n革委员会", script)),
                   ("unit:市公安局", "support", conv("市公安局", script))]
    # a label line outside brackets still ends at its line break
    got = roles("（一）加强运输保障。\n配合单位：市公安局\n市交通运输局另行部署。\n", script)
    assert got == [("一", [("市公安局", "support")])]


RUNNING = ("（一）加快基站建设。各通信运营商负责完成站址选址和建设，2024年底前完成。\n"
           "（二）保障电力供应。各县（市、区）供电公司要做好配套线路改造。\n"
           "（三）清理废弃杆线。属地乡镇（街道办）负责组织实施，市工信局牵头督查。\n"
           "（四）推进老旧小区改造。由市住建局牵头，市规划局、市城管局参与，年内完成改造方案。\n"
           "（五）制定扶持办法。市商务局会同市财政局研究制定具体办法。\n"
           "（六）组织应急演练。在市应急管理局的指导下，各乡镇每年至少开展一次演练。\n"
           "（七）确定补助标准。市教育局商市财政局确定补助标准后公布。\n"
           "（八）开展督查。市政府督查室督促各责任单位按期完成。\n"
           "（九）编制预案。县应急局指导各村委会编制应急预案。\n"
           "（十）落实整改。一是市场监管所要建立台账；二是城管中队在上半年检查中得分较低。\n")


@pytest.mark.parametrize("script", SCRIPTS)
def test_running_text_subjects_and_partners(script):
    assert roles(RUNNING, script) == srt([
        ("一", [("各通信运营商", "responsible")]),
        ("二", [("各县(市、区)供电公司", "responsible")]),
        ("三", [("市工信局", "lead"), ("属地乡镇(街道办)", "responsible")]),
        ("四", [("市城管局", "support"), ("市住建局", "lead"), ("市规划局", "support")]),
        ("五", [("市商务局", "responsible"), ("市财政局", "support")]),
        ("六", [("各乡镇", "responsible"), ("市应急管理局", "support")]),
        ("七", [("市教育局", "responsible"), ("市财政局", "support")]),
        # the supervised units get no role
        ("八", [("市政府督查室", "responsible")]),
        ("九", [("县应急局", "responsible"), ("各村委会", "support")]),
        # an enumerator is no part of the name; a clause that only describes assigns nothing
        ("十", [("市场监管所", "responsible")]),
    ])


@pytest.mark.parametrize("script", SCRIPTS)
def test_running_text_forms_stay_out_of_labelled_notices(script):
    # where the notice assigns work by labels, running-text partners are not read into other items
    got = roles("（一）制定扶持办法。市商务局会同市财政局研究制定具体办法。（责任单位：市商务局）\n"
                "（二）组织应急演练。在市应急管理局的指导下，各乡镇开展演练。\n", script)
    assert got == [("一", [("市商务局", "responsible")]), ("二", [])]


@pytest.mark.parametrize("script", SCRIPTS)
def test_who_finds_a_unit_by_full_name_or_abbreviation_in_either_script(script, tmp_path, capsys):
    import json

    from extractor.cli import main as cli_main
    src = conv(HEAD + "（一）推动数位转型。（主办机关：国家发展委员会；协办机关：卫福部、经济部工业局）\n"
               "（二）强化监理。（主办机关：国发会；协办机关：金管会）\n"
               "（三）清理台账。（责任单位：县卫计委、县水保局、县委农工部、县旅发委）\n", script)
    f = tmp_path / "n.txt"
    f.write_text(src, encoding="utf-8")
    out = tmp_path / "n.json"
    cli_main(["extract", str(f), "-o", str(out)])
    capsys.readouterr()

    def who(name):
        cli_main(["who", name, str(out), "--json"])
        return sorted((r.get("task_number") or r.get("number"), r["role"]) for r in json.loads(capsys.readouterr().out))

    # the full name and its short form are one unit, asked for in either script
    for name in ("国家发展委员会", "國家發展委員會", "国发会", "國發會"):
        assert who(name) == [("一", "lead"), ("二", "lead")], name
    for name in ("卫生福利部", "衛福部"):
        assert who(name) == [("一", "support")], name
    assert who("金融監督管理委員會") == [("二", "support")]
    # county bureaus written short, asked for by their full names
    for name in ("县卫生和计划生育委员会", "縣水土保持局", "县委农村工作部", "縣旅遊發展委員會"):
        assert who(name) == [("三", "responsible")], name


@pytest.mark.parametrize("script", SCRIPTS)
def test_common_county_abbreviations_resolve_to_one_unit(script):
    from extractor.lang.lexicon_api import resolve
    pairs = [("县退役军人局", "县退役军人事务局"), ("市综合执法局", "市综合行政执法局"), ("县社保中心", "县社会保险事业管理中心"),
             ("县发改经信局", "县发展改革和经济信息化局"), ("县农水局", "县农业农村和水利局"), ("区环卫处", "区环境卫生管理处"),
             ("市发改委", "市发展和改革委员会"), ("省人社厅", "省人力资源和社会保障厅"), ("县应急局", "县应急管理局"),
             ("衛福部", "衛生福利部"), ("國發會", "國家發展委員會")]
    for short, full in pairs:
        a, b = resolve(conv(short, script)), resolve(conv(full, script))
        assert a.known and a.id == b.id, (short, a, b)
    # a bureau and a centre of the same field stay two units
    assert resolve(conv("区就业局", script)).id != resolve(conv("区就业服务中心", script)).id


@pytest.mark.parametrize("script", SCRIPTS)
def test_short_labels_and_role_verbs(script):
    got = roles("（一）整治占道经营。开展集中整治。（牵头：市城管局；配合：市公安局、市商务局）\n"
                "（二）推动数位转型。辅导中小企业。主办：经济部；协办：国发会、数位部\n"
                "（三）强化资安。由数位部主责办理。\n"
                "（四）规范停车秩序。（市公安局主责，市交通运输局协同，各区政府具体落实）\n", script)
    assert got == srt([
        ("一", [("市城管局", "lead"), ("市公安局", "support"), ("市商务局", "support")]),
        ("二", [("经济部", "lead"), ("国发会", "support"), ("数位部", "support")]),
        ("三", [("数位部", "lead")]),
        ("四", [("市公安局", "lead"), ("市交通运输局", "support"), ("各区政府", "responsible")]),
    ])


@pytest.mark.parametrize("script", SCRIPTS)
def test_declared_first_lead_with_labels(script):
    # the notice declares that a list's first unit leads; a note closing a list is not the list,
    # an item with its own lead label leads nothing else, and only a list's first unit leads
    got = roles("1.优化营商环境。牵头单位：市发改委；责任单位：各县（市、区）人民政府，市直有关部门。\n"
                "2.扩大有效投资。责任单位：市财政局、市发改委（列第一位的为牵头单位）\n"
                "3.稳定就业。责任单位：市人社局，市教育局、市民政局\n", script)
    assert got == srt([
        ("1", [("市发改委", "lead"), ("各县(市、区)人民政府", "responsible"), ("市直有关部门", "responsible")]),
        ("2", [("市财政局", "lead"), ("市发改委", "responsible")]),
        ("3", [("市人社局", "lead"), ("市教育局", "responsible"), ("市民政局", "responsible")]),
    ])


@pytest.mark.parametrize("script", SCRIPTS)
def test_a_web_page_footer_names_no_unit(script):
    body = ("（一）整治占道经营。（牵头：市城管局；配合：市公安局）\n"
            "（二）规范停车秩序。开展专项检查。\n"
            "某市人民政府办公室\n2024年3月1日\n"
            "版权所有：某市人民政府办公室 主办：某市大数据中心 网站标识码：0000000000\n")
    doc = extract_text(conv(HEAD + body, script), segmenter="none")
    got = [(t["number"], sorted((normalise(r["unit"]).text, r["role"]) for r in t["responsibilities"]))
           for t in doc["tasks"]]
    assert got == [("一", [("市公安局", "support"), ("市城管局", "lead")]), ("二", [])]
    assert doc["diagnostics"]["cues_found"] == doc["diagnostics"]["cues_explained"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_generic_tails_and_clauses_are_no_units(script):
    got = roles("（一）做好汇报准备。（办公室负责，宣传部、发展部等部门单位配合）\n"
                "（二）开展评比表彰。（办公室负责）设优秀组织奖，对组织工作优秀的单位进行表彰。\n", script)
    assert got == srt([
        ("一", [("办公室", "responsible"), ("宣传部", "support"), ("发展部", "support")]),
        ("二", [("办公室", "responsible")]),
    ])


@pytest.mark.parametrize("script", SCRIPTS)
def test_running_text_subjects_with_a_time_and_shared_suffix(script):
    got = roles("（一）建设监测平台。信通公司牵头，电科院配合。\n"
                "（二）推广终端应用。北京、河北、冀北、宁夏公司、国网综能服务集团6月底前完成部署。\n"
                "（三）统一数据标准。总部组织完成标准设计；国网客服中心年底前完成试点。\n", script)
    assert got == srt([
        ("一", [("信通公司", "lead"), ("电科院", "support")]),
        ("二", [("北京", "responsible"), ("河北", "responsible"), ("冀北", "responsible"), ("宁夏公司", "responsible"),
                ("国网综能服务集团", "responsible")]),
        ("三", [("总部", "responsible"), ("国网客服中心", "responsible")]),
    ])


@pytest.mark.parametrize("script", SCRIPTS)
def test_comma_subjects_only_when_they_read_as_names(script):
    got = roles("（一）建设监测平台。信通公司牵头，电科院配合。\n"
                "（二）推广终端应用。完成主站改造后，国网客服中心、各省公司年底前完成推广，其它单位做好配合。\n"
                "（三）落实延伸投资。加快项目建设，促请政府落实已出台的政策。\n", script)
    assert got == srt([
        ("一", [("信通公司", "lead"), ("电科院", "support")]),
        # (a unit that 做好配合 supports)
        ("二", [("国网客服中心", "responsible"), ("各省公司", "responsible"), ("其它单位", "support")]),
        ("三", []),
    ])
