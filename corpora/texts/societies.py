"""The invented societies whose 2021 summaries make up the sample corpus.

Each profile gives the words a summary in that field would use (topics, places,
partners, people) and a plan: what work the society did and how its office
lays the summary out. The plans between them cover the hard cases a reviewer
meets: tallies beside the events they count, December work proven by notices,
negated and previous-year work, meetings of every level, views vs attendance,
年检 stated, unstated and failed, advice adopted vs merely submitted.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Plan:
    """What the society did in 2021 and how the summary is laid out."""

    # numbered: "1.3月12日，…" items; narrative: running paragraphs; textbox: a boxed 专栏 of
    # highlights; mixed: numbered in some sections, narrative in others.
    style: str
    pages: int
    meetings: list[str] = field(default_factory=list)  # levels of meetings hosted
    attended: int = 0  # meetings only attended (not scored)
    academic_tally_extra: int | None = None  # None: no tally sentence
    training: int = 0
    kepu: int = 0
    kepu_tally_extra: int | None = None
    kepuri: bool = False
    ganpo: int = 0
    rural: int = 0
    rural_tally_extra: int | None = None
    tech: int = 0
    consulting: list[bool] = field(default_factory=list)  # True: adopted / approved
    government: int = 0
    party_study: int = 0
    party_history: int = 0
    governance: int = 0
    publication: bool = False
    alliance: bool = False
    integrity: bool = False
    award: int = 0
    statements: tuple[str, ...] = ()
    inspection: str | None = "合格"  # None: the summary does not mention 年检
    planned_notice: int = 0
    planned_bare: int = 0
    previous: int = 0
    negated: int = 0
    next_year: int = 1
    # An appendix table of meetings (活动名称/时间/地点/规模); `table_dupes` of them are also narrated.
    table: bool = False
    table_dupes: int = 0


@dataclass
class Society:
    stem: str
    name: str
    field: str
    topics: list[str]
    kepu_topics: list[str]
    rural_topics: list[str]
    cities: list[str]
    experts: list[str]
    partners: list[str]
    companies: list[str]
    plan: Plan
    journal: str | None = None
    branch: str = "学会党支部"
    date: str = "2021年11月26日"
    schools: list[str] = field(default_factory=lambda: ["南昌市育新学校", "九江市第三中学", "吉安市白鹭洲中学"])
    communities: list[str] = field(default_factory=lambda: ["南昌市东湖区豫章街道", "赣州市章贡区解放街道", "上饶市信州区水南街道"])
    villages: list[str] = field(default_factory=lambda: ["修水县溪口镇田仑村", "遂川县草林镇红旗村", "婺源县思口镇漳村"])
    parks: list[str] = field(default_factory=lambda: ["南昌高新技术产业开发区", "赣州经济技术开发区"])
    departments: list[str] = field(default_factory=lambda: ["省科技厅", "省发展改革委", "省工业和信息化厅"])
    red_sites: list[str] = field(default_factory=lambda: ["井冈山革命博物馆", "南昌八一起义纪念馆", "瑞金中央革命根据地纪念馆", "方志敏纪念馆"])


ALL_STATEMENTS = ("organization", "room", "ledger", "conduct", "team", "members", "finance", "media")

SOCIETIES: list[Society] = [
    Society(
        "01_kuangye", "江西省矿业学会", "矿业",
        ["绿色矿山建设", "稀土资源综合利用", "尾矿库安全监测", "智能采矿", "矿山生态修复"],
        ["认识稀土", "矿山安全知识", "地球资源与我们的生活"],
        ["废弃矿区复垦种植", "矿区周边水土保持"],
        ["南昌", "赣州", "德兴", "萍乡"],
        ["江西理工大学罗志坚教授", "中国工程院院士邹明远", "省地矿局总工程师刘建平"],
        ["江西理工大学", "江西省有色金属学会"],
        ["江西铜业德兴铜矿", "赣州稀土集团有限公司", "萍乡矿业集团公司"],
        Plan("numbered", 5, meetings=["provincial", "provincial", "national"], academic_tally_extra=3, kepu=3,
             kepuri=True, tech=3, consulting=[False], government=1, party_study=1, party_history=2, governance=1,
             award=1, publication=True, statements=("organization", "room", "ledger", "team", "members", "finance", "media"),
             planned_notice=1, negated=1),
        journal="江西矿业通讯",
    ),
    Society(
        "02_zuowu", "江西省作物学会", "作物",
        ["双季稻高产栽培", "再生稻", "油菜绿色生产", "鲜食玉米", "种业振兴"],
        ["粮食从哪里来", "种子的秘密", "节约粮食"],
        ["双季稻机插秧", "再生稻头季收割", "油菜病虫害绿色防控"],
        ["南昌", "宜春", "吉安", "上饶"],
        ["江西农业大学胡晓东研究员", "省农科院水稻所所长陈立群", "江西农业大学黄梅教授"],
        ["江西农业大学", "江西省农学会"],
        ["江西天涯种业有限公司", "鄱阳湖粮食产业园"],
        Plan("narrative", 3, meetings=["provincial"], kepu=1, rural=4, rural_tally_extra=5, tech=1,
             party_history=1, governance=1, statements=("organization", "room", "finance"), inspection=None, previous=1),
    ),
    Society(
        "03_kangfu", "江西省康复医学会", "康复医学",
        ["神经康复", "心肺康复", "儿童康复", "康复护理", "运动医学"],
        ["脑卒中早识别", "颈椎病的预防", "科学健身"],
        ["老年人慢病康复"],
        ["南昌", "九江", "赣州", "宜春", "抚州"],
        ["南昌大学第一附属医院王晓红主任医师", "省人民医院康复科主任李建国", "中国康复医学会副会长周明"],
        ["南昌大学", "江西省医学会"],
        ["江西省人民医院", "九江市第一人民医院"],
        Plan("narrative", 8, table=True, meetings=["provincial"] * 5 + ["national", "regional"], attended=1, academic_tally_extra=6,
             training=3, kepu=4, kepu_tally_extra=4, kepuri=True, ganpo=1, rural=2, tech=1, consulting=[True],
             government=1, party_study=1, party_history=2, governance=2, integrity=True, award=1,
             statements=ALL_STATEMENTS, planned_notice=1, next_year=2, table_dupes=3),
    ),
    Society(
        "04_tujian", "江西省土木建筑学会", "土木建筑",
        ["装配式建筑", "绿色建材", "城市更新", "建筑工业化", "既有建筑改造"],
        ["建筑抗震小知识", "走进绿色建筑"],
        ["农房质量安全"],
        ["南昌", "九江", "上饶", "新余"],
        ["华东交通大学钟建华教授", "省建筑设计研究总院总工程师邓文", "南昌大学杨帆教授"],
        ["华东交通大学", "江西省建筑业协会"],
        ["江西建工集团", "中恒建设集团有限公司", "江西中煤建设集团"],
        Plan("numbered", 6, meetings=["provincial", "provincial", "regional"], kepu=2, rural=1, tech=2,
             consulting=[False, False], government=3, party_study=1, party_history=1, governance=2, alliance=True,
             statements=("organization", "room", "ledger", "conduct", "members", "finance"), planned_bare=1, negated=1),
    ),
    Society(
        "05_qixiang", "江西省气象学会", "气象",
        ["暴雨预报", "气候变化", "农业气象", "雷电防护", "人工影响天气"],
        ["认识天气预报", "雷电安全防护", "气候变化与我们"],
        ["农业气象灾害防御"],
        ["南昌", "九江", "景德镇", "上饶"],
        ["省气象台首席预报员叶红", "南京信息工程大学王晨教授", "省气候中心主任邹建"],
        ["省气象局", "江西省地理学会"],
        ["省防雷中心", "南昌航空科技园"],
        Plan("narrative", 4, meetings=["provincial", "provincial"], kepu=5, kepu_tally_extra=6, kepuri=True,
             ganpo=2, rural=1, consulting=[True], party_study=1, party_history=1, governance=1,
             statements=("organization", "room", "ledger", "team", "media"), previous=1),
    ),
    Society(
        "06_dizhi", "江西省地质学会", "地质",
        ["地质灾害防治", "找矿突破", "地质遗迹保护", "水文地质", "地热资源"],
        ["地质灾害避险", "认识岩石", "世界地球日"],
        ["山区地质灾害隐患排查"],
        ["南昌", "赣州", "上饶", "九江"],
        ["东华理工大学吴俊教授", "省地质局总工程师彭志强", "中国科学院院士林海涛"],
        ["东华理工大学", "江西省矿业学会"],
        ["江西省地质调查勘查院", "赣南地质调查大队"],
        Plan("textbox", 5, meetings=["provincial", "national", "provincial"], academic_tally_extra=4, kepu=3,
             kepuri=True, rural=2, tech=1, consulting=[False], government=2, party_study=1, party_history=1,
             governance=1, publication=True, award=1, statements=("organization", "room", "ledger", "team", "finance"),
             planned_notice=1),
        journal="江西地质",
    ),
    Society(
        "07_zhongyiyao", "江西省中医药学会", "中医药",
        ["热敏灸", "中药资源", "中医治未病", "旴江医学", "中西医结合"],
        ["中医养生", "认识中草药", "艾灸与健康", "冬病夏治"],
        ["道地药材种植", "中药材病虫害防治"],
        ["南昌", "抚州", "樟树", "宜春", "九江"],
        ["江西中医药大学陈日新教授", "省中医院院长刘建", "国医大师弟子万晓明主任医师"],
        ["江西中医药大学", "江西省针灸学会"],
        ["江西济民可信集团", "樟树市药材市场", "仁和药业"],
        Plan("mixed", 12, table=True, table_dupes=3,
             meetings=["provincial"] * 8 + ["national", "national", "international"], attended=1,
             academic_tally_extra=8, training=3, kepu=6, kepu_tally_extra=10, kepuri=True, ganpo=2, rural=3,
             rural_tally_extra=4, tech=3, consulting=[True, False], government=2, party_study=2, party_history=3,
             governance=3, publication=True, alliance=True, integrity=True, award=2, statements=ALL_STATEMENTS,
             planned_notice=2, planned_bare=1, previous=2, negated=1, next_year=2),
        journal="江西中医药",
    ),
    Society(
        "08_shuili", "江西省水利学会", "水利",
        ["鄱阳湖水利枢纽", "中小河流治理", "智慧水利", "灌区节水改造", "水生态修复"],
        ["节约用水", "防汛避险", "认识鄱阳湖"],
        ["农村饮水安全", "小型水库除险加固"],
        ["南昌", "九江", "吉安", "赣州"],
        ["河海大学姚强教授", "省水利科学院院长许明", "南昌工程学院柳文华教授"],
        ["南昌工程学院", "江西省水土保持学会"],
        ["江西省水利规划设计研究院", "峡江水利枢纽管理局"],
        Plan("numbered", 7, meetings=["provincial", "provincial", "regional", "national"], kepu=2, kepuri=True,
             rural=2, tech=2, consulting=[True, True, False], government=2, party_study=1, party_history=1,
             governance=2, publication=True, statements=("organization", "room", "ledger", "conduct", "members", "finance", "media"),
             negated=1, next_year=2),
        journal="江西水利科技",
    ),
    Society(
        "09_linxue", "江西省林学会", "林业",
        ["油茶产业", "森林康养", "松材线虫病防治", "竹产业", "国家储备林建设"],
        ["爱护森林", "认识珍稀植物"],
        ["油茶低产林改造", "毛竹丰产培育", "林下经济"],
        ["南昌", "赣州", "宜春", "吉安"],
        ["江西农业大学郭晓敏教授", "省林科院研究员赖建华", "省林业局高级工程师曾俊"],
        ["江西农业大学", "江西省生态学会"],
        ["江西绿海油脂有限公司", "崇义县竹木产业园"],
        Plan("narrative", 4, meetings=["provincial"], rural=4, tech=3, consulting=[False], kepu=1, ganpo=1,
             party_history=1, governance=1, statements=("organization", "room", "team", "members"),
             planned_notice=1),
    ),
    Society(
        "10_dianji", "江西省电机工程学会", "电机工程",
        ["新型电力系统", "新能源并网", "特高压输电", "电力市场", "储能技术"],
        ["安全用电", "电从哪里来"],
        ["农村电网改造"],
        ["南昌", "九江", "赣州"],
        ["华北电力大学黄晨教授", "国网江西省电力公司总工程师王立", "南昌大学欧阳明教授"],
        ["南昌大学", "江西省能源研究会"],
        ["国网江西省电力有限公司", "江西省电力设计院"],
        Plan("mixed", 6, meetings=["international", "provincial", "provincial", "regional"], attended=1,
             academic_tally_extra=2, training=2, kepu=2, tech=2, government=1, party_study=1, party_history=1,
             governance=1, award=1, statements=("organization", "room", "ledger", "conduct", "finance", "media"),
             planned_notice=1),
    ),
    Society(
        "11_huagong", "江西省化学化工学会", "化学化工",
        ["精细化工", "有机硅材料", "化工安全", "绿色催化"],
        ["生活中的化学", "危险化学品安全"],
        ["农药安全使用"],
        ["南昌", "九江", "景德镇"],
        ["南昌大学刘志强教授", "九江学院陈慧副教授"],
        ["南昌大学", "江西省材料学会"],
        ["江西星火有机硅厂", "九江石化"],
        Plan("narrative", 2, meetings=["provincial"], kepu=1, party_history=1, governance=1,
             statements=("organization", "finance"), inspection="不合格", negated=1, next_year=1),
    ),
    Society(
        "12_xinli", "江西省心理学会", "心理学",
        ["青少年心理健康", "心理危机干预", "积极心理学"],
        ["情绪管理", "考前心理调适"],
        ["留守儿童心理关爱"],
        ["南昌", "赣州"],
        ["江西师范大学刘明教授", "南昌大学张颖副教授"],
        ["江西师范大学", "江西省社会心理学会"],
        ["南昌市心理咨询中心"],
        Plan("narrative", 2, meetings=["provincial", "municipal"], kepu=2, party_study=1, governance=1,
             statements=("organization", "team"), negated=2, previous=1, next_year=1),
    ),
    Society(
        "13_zidonghua", "江西省自动化学会", "自动化",
        ["工业互联网", "智能制造", "机器人技术", "数字孪生"],
        ["走近机器人", "人工智能与生活"],
        ["农机智能化"],
        ["南昌", "九江", "新余"],
        ["南昌航空大学李正教授", "江西理工大学周琳教授", "省智能制造研究院院长谢斌"],
        ["南昌航空大学", "江西省计算机学会"],
        ["江铃汽车股份有限公司", "江西洪都航空工业集团"],
        Plan("numbered", 5, meetings=["provincial", "provincial"], academic_tally_extra=1, kepu=2, kepuri=True,
             tech=2, consulting=[False], government=1, party_study=1, party_history=1, governance=1,
             statements=("organization", "room", "ledger", "team", "members", "media"),
             planned_notice=3, planned_bare=1),
    ),
    Society(
        "14_xumu", "江西省畜牧兽医学会", "畜牧兽医",
        ["非洲猪瘟防控", "生猪稳产保供", "畜禽粪污资源化利用", "草食畜牧业", "兽药减量"],
        ["动物疫病与人类健康", "科学养殖"],
        ["生猪规模养殖", "肉牛养殖", "家禽疫病防控"],
        ["南昌", "宜春", "吉安", "赣州", "抚州"],
        ["江西农业大学瞿明仁教授", "省畜牧技术推广站站长王飞", "江西农业大学邓海涛教授"],
        ["江西农业大学", "江西省饲料工业协会"],
        ["正邦科技股份有限公司", "双胞胎集团", "江西增鑫牧业"],
        Plan("numbered", 9, meetings=["provincial"] * 3 + ["regional"], attended=1, training=2, kepu=3, kepuri=True,
             rural=6, rural_tally_extra=8, tech=3, consulting=[True], government=2, party_study=1, party_history=2,
             governance=2, publication=True, award=1, statements=ALL_STATEMENTS, planned_notice=1, previous=1, negated=1),
        journal="江西畜牧兽医杂志",
    ),
    Society(
        "15_jixie", "江西省机械工程学会", "机械工程",
        ["高端装备制造", "增材制造", "数控机床", "航空制造", "工程机械"],
        ["走进智能工厂", "机械的奥秘"],
        ["农机维修"],
        ["南昌", "九江", "萍乡", "上饶"],
        ["南昌大学黄志刚教授", "华东交通大学熊伟教授", "中国机械工程学会副理事长孙立"],
        ["南昌大学", "江西省焊接学会"],
        ["江西江铃集团", "江联重工集团", "江西昌河航空工业有限公司"],
        Plan("numbered", 6, table=True, meetings=["provincial"] * 4 + ["national"], academic_tally_extra=2, training=2, kepu=2,
             tech=3, consulting=[False], government=1, party_study=1, party_history=1, governance=1, award=1,
             statements=("organization", "room", "ledger", "members", "finance"), table_dupes=2, previous=1),
    ),
    Society(
        "16_huanjing", "江西省环境科学学会", "环境科学",
        ["鄱阳湖水环境", "土壤污染修复", "碳达峰碳中和", "农村人居环境整治", "固废资源化"],
        ["垃圾分类", "低碳生活", "保护鄱阳湖"],
        ["农村生活污水治理", "畜禽养殖污染防治"],
        ["南昌", "九江", "上饶", "鹰潭"],
        ["南昌大学万金保教授", "省环境科学研究院研究员熊燕", "江西师范大学胡晓玲教授"],
        ["南昌大学", "江西省生态学会"],
        ["江西省环保投资集团", "鹰潭工业园区"],
        Plan("mixed", 5, meetings=["provincial", "provincial", "national"], kepu=4, kepuri=True, ganpo=1, rural=2,
             tech=1, consulting=[False, False], government=2, party_study=1, party_history=1, governance=1,
             integrity=True, statements=("organization", "room", "ledger", "conduct", "team", "finance", "media"),
             planned_bare=1, next_year=1),
    ),
    Society(
        "17_tongxin", "江西省通信学会", "通信",
        ["5G应用", "千兆光网", "工业互联网安全", "数字乡村"],
        ["反电信网络诈骗", "5G改变生活", "网络安全"],
        ["数字乡村建设"],
        ["南昌", "赣州", "九江"],
        ["南昌大学陈林教授", "中国信息通信研究院专家赵伟", "江西移动首席专家孙浩"],
        ["江西省电子学会", "南昌大学"],
        ["中国移动江西公司", "中国电信江西分公司"],
        Plan("narrative", 4, meetings=["provincial", "provincial", "national"], kepu=4, kepu_tally_extra=3,
             kepuri=True, ganpo=1, rural=1, tech=2, government=1, party_study=1, party_history=1, governance=1,
             statements=("organization", "room", "ledger", "team", "media"), planned_notice=1, negated=1),
    ),
]
