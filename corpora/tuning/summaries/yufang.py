"""江西省预防医学会: a long narrative in news style, with 一是/二是 runs inside one paragraph,
credits to leaders after each event, 逾千人/近两百名/1.5万人次, a tally with a 其中 breakdown,
and members sent to another body's meeting."""

from corpora.tuning.model import (
    ACADEMIC, CAMPAIGNS, CONDUCT, CONSULTING, FINANCE, GOVERNANCE, GOVERNMENT, INNOVATION, INSPECTION, INTEGRITY,
    LEDGER, MEDIA, MEMBERS, ORGANIZATION, POLITICAL, POP, PUBLICATION, RURAL, STUDY, TALENT,
    Act, Heading, Para, Signature, Stmt, Summary,
)

SUMMARY = Summary(
    sample="h1_yufang",
    society="江西省预防医学会",
    title="江西省预防医学会2021年工作总结",
    blocks=(
        Para("2021年是中国共产党成立100周年，也是“十四五”规划开局之年。一年来，江西省预防医学会在省科协和省卫生健康委"
             "的领导下，坚持以习近平新时代中国特色社会主义思想为指导，团结带领全省预防医学工作者，统筹推进疫情防控和学会"
             "改革发展，较好完成了年初确定的各项目标任务。现将全年工作总结如下。"),
        Heading(1, "一、坚持党建引领，把牢学会发展方向"),
        Para("学会于2019年在秘书处层面成立党的工作小组，现有党员9名，由秘书长兼任组长，重大事项均经党的工作小组前置研究。"),
        Para("全年围绕党史学习教育主线开展了系列活动：一是3月25日召开党史学习教育动员部署会，制定学习方案和学习计划；"
             "二是7月1日组织党员和秘书处职工集中收看庆祝中国共产党成立100周年大会直播，会后专题学习习近平总书记“七一”"
             "重要讲话精神；三是国庆期间组织党员赴井冈山革命烈士陵园开展红色教育，重温入党誓词；四是11月18日召开专题学习"
             "会，传达学习党的十九届六中全会精神。"),
        Para("学会严格落实全面从严治党主体责任，与秘书处工作人员逐一签订党风廉政建设责任书，常态化开展廉政提醒谈话。"),
        Para("党建工作台账按月归档，“三会一课”、主题党日等活动均有记录可查。"),
        Heading(1, "二、搭建高水平学术交流平台"),
        Para("10月22日至23日，由江西省预防医学会主办、南昌大学公共卫生学院承办的2021年全国突发公共卫生事件应急处置学术"
             "研讨会在南昌召开。中国工程院院士陈国华作线上主旨报告，省科协党组成员、副主席黄明出席开幕式并致辞。来自全国"
             "18个省（区、市）疾控机构、高校和医疗单位的代表逾千人参加会议，线上直播观看达3.2万人次。会议收到论文312篇，"
             "评出优秀论文30篇。"),
        Para("6月，学会受中华预防医学会委托，在九江承办第十届全国消毒与感染控制学术交流会，参会代表350余人。"),
        Para("5月中旬，学会以“线下+线上”方式举办2021年江西省预防医学学术年会，设1个主会场和5个分会场，交流论文126篇，"
             "现场参会代表近两百名。"),
        Para("学会各专业委员会围绕新冠肺炎疫情防控、慢性病管理、职业卫生等主题，分别举办学术沙龙、青年论坛等活动。据统计，"
             "全年学会及各专业委员会共举办学术活动21场，其中全国性会议2场、全省性会议19场，参会人员累计5600余人次。"),
        Para("学会还选派12名青年骨干参加中华预防医学会2021年学术年会，其中3人作大会交流发言。"),
        Para("学会主办的《江西预防医学》杂志全年出版6期，刊发论文180余篇。"),
        Para("9月，学会联合省疾控中心举办科研诚信与学术规范专题讲座，全省疾控系统150余名青年科研人员参加。"),
        Heading(1, "三、服务疫情防控和创新发展"),
        Heading(2, "（一）积极建言献策"),
        Para("学会组织流行病学、卫生管理等领域专家开展新冠疫苗接种策略专题调研，形成的《关于进一步提升我省老年人群新冠疫苗"
             "接种率的建议》经省科协《科技工作者建议》刊发后，获分管副省长批示，相关意见被省卫生健康委采纳。"),
        Heading(2, "（二）承接政府转移职能"),
        Para("受省卫生健康委委托，学会承担了全省疾控系统卫生专业技术人员职称评审的组织工作，全年受理评审材料430余份。"),
        Para("学会牵头起草的团体标准《学校传染病症状监测技术规范》于8月底通过专家审定，计划2022年一季度正式发布。"),
        Heading(2, "（三）服务企业和基层"),
        Para("7月，学会专家服务团走进南昌小蓝经济技术开发区，为6家医药企业开展职业病危害因素检测与防护技术咨询。"),
        Para("8月上旬，学会组织12名专家赴赣州市于都县梓山镇开展“健康乡村行”科技志愿服务，为村民义诊并开展慢病筛查，"
             "服务群众600余人次。"),
        Heading(1, "四、深入开展科普宣传"),
        Para("2021年3月，学会组建“预防医学科技志愿服务队”，在“志愿江西”平台注册志愿者62名。"),
        Para("全年共开展科普讲座、义诊咨询、科普展览等活动32场次，受益群众1.5万人次。其中，9月13日全国科普日期间，学会在"
             "南昌市青山湖区湖坊镇举办“科学防疫 健康同行”主题科普活动，发放宣传资料2000余份，现场咨询群众300余人。"),
        Para("11月6日，学会承办“赣鄱科普大讲堂”第三十二期，邀请省疾控中心主任医师刘晓芳主讲“秋冬季传染病防治”，线上线下"
             "观众1.2万余人次。"),
        Para("学会微信公众号“江西预防医学”开设“防疫科普”专栏，全年推送原创科普文章148篇，单篇最高阅读量超过10万。"),
        Heading(1, "五、加强学会自身建设"),
        Para("4月16日，学会召开第六届理事会第五次会议，审议通过2020年度工作报告和财务报告，增补理事3名。"),
        Para("学会严格执行《民间非营利组织会计制度》，5月委托会计师事务所完成2020年度财务审计，税务登记手续齐全。"),
        Para("截至10月底，学会共有个人会员4360名、单位会员118家，全年新发展会员312名，会员信息全部录入会员管理系统。"),
        Para("学会网站和微信公众号由专人负责维护，信息发布严格执行“三审三校”制度。"),
        Para("学会参加2020年度社会组织年检，结论为合格。"),
        Para("学会推荐的3名专家入选江西省卫生健康突出贡献人才，1人获评“江西省优秀科技工作者”。"),
        Heading(1, "六、存在的不足和2022年工作打算"),
        Para("受疫情影响，原计划与湖南、湖北两省预防医学会联合举办的长江中游城市群公共卫生论坛延期至2022年举办，国际交流"
             "合作工作未能开展。"),
        Para("2022年，学会将重点做好以下工作：一是筹备召开第七次会员代表大会，完成理事会换届；二是力争承办中华预防医学会"
             "2022年学术年会分会场；三是持续打造“防疫科普”品牌。"),
        Signature("江西省预防医学会", "2021年11月26日"),
    ),
    activities=(
        Act("一是3月25日召开党史学习教育动员部署会，制定学习方案和学习计划", "party_building",
            start="2021-03-25", indicators=(POLITICAL,)),
        Act("二是7月1日组织党员和秘书处职工集中收看庆祝中国共产党成立100周年大会直播，会后专题学习习近平总书记“七一”"
            "重要讲话精神", "party_building", start="2021-07-01", indicators=(STUDY, POLITICAL)),
        Act("三是国庆期间组织党员赴井冈山革命烈士陵园开展红色教育，重温入党誓词", "party_building",
            start="2021-10", location="井冈山革命烈士陵园", indicators=(POLITICAL,)),
        Act("四是11月18日召开专题学习会，传达学习党的十九届六中全会精神", "party_building",
            start="2021-11-18", indicators=(STUDY,)),
        Act("10月22日至23日，由江西省预防医学会主办、南昌大学公共卫生学院承办的2021年全国突发公共卫生事件应急处置学术"
            "研讨会在南昌召开。", "academic_conference", key="emergency", title="2021年全国突发公共卫生事件应急处置学术研讨会",
            start="2021-10-22", end="2021-10-23", level="national", participants=1000, views=32000, location="南昌",
            indicators=(ACADEMIC,),
            also=("来自全国18个省（区、市）疾控机构、高校和医疗单位的代表逾千人参加会议，线上直播观看达3.2万人次。",)),
        Act("6月，学会受中华预防医学会委托，在九江承办第十届全国消毒与感染控制学术交流会，参会代表350余人。",
            "academic_conference", key="disinfection", title="第十届全国消毒与感染控制学术交流会", start="2021-06",
            level="national", participants=350, location="九江", indicators=(ACADEMIC,)),
        Act("5月中旬，学会以“线下+线上”方式举办2021年江西省预防医学学术年会，设1个主会场和5个分会场，交流论文126篇，"
            "现场参会代表近两百名。", "academic_conference", key="annual", title="2021年江西省预防医学学术年会",
            start="2021-05", level="provincial", participants=200, indicators=(ACADEMIC,)),
        Act("据统计，全年学会及各专业委员会共举办学术活动21场，其中全国性会议2场、全省性会议19场，参会人员累计5600余人次。",
            "academic_conference", count=21, participants=5600, tally=True,
            covers=("emergency", "disinfection", "annual"), indicators=(ACADEMIC,)),
        # Members sent to another body's meeting: an activity, but not one the society hosted.
        Act("学会还选派12名青年骨干参加中华预防医学会2021年学术年会，其中3人作大会交流发言。", "academic_conference",
            title="中华预防医学会2021年学术年会", level="national", participants=12),
        Act("学会主办的《江西预防医学》杂志全年出版6期，刊发论文180余篇。", "publication", title="《江西预防医学》",
            count=6, indicators=(PUBLICATION,)),
        Act("9月，学会联合省疾控中心举办科研诚信与学术规范专题讲座，全省疾控系统150余名青年科研人员参加。", "training",
            start="2021-09", level="provincial", participants=150, indicators=(INTEGRITY,)),
        Act("学会组织流行病学、卫生管理等领域专家开展新冠疫苗接种策略专题调研，形成的《关于进一步提升我省老年人群新冠疫苗"
            "接种率的建议》经省科协《科技工作者建议》刊发后，获分管副省长批示，相关意见被省卫生健康委采纳。",
            "decision_consulting", tag="adopted", indicators=(CONSULTING,)),
        Act("受省卫生健康委委托，学会承担了全省疾控系统卫生专业技术人员职称评审的组织工作，全年受理评审材料430余份。",
            "government_function", indicators=(GOVERNMENT,)),
        Act("学会牵头起草的团体标准《学校传染病症状监测技术规范》于8月底通过专家审定，计划2022年一季度正式发布。",
            "government_function", start="2021-08", indicators=(GOVERNMENT,)),
        Act("7月，学会专家服务团走进南昌小蓝经济技术开发区，为6家医药企业开展职业病危害因素检测与防护技术咨询。",
            "tech_service", start="2021-07", level="grassroots", location="南昌小蓝经济技术开发区",
            indicators=(INNOVATION,)),
        Act("8月上旬，学会组织12名专家赴赣州市于都县梓山镇开展“健康乡村行”科技志愿服务，为村民义诊并开展慢病筛查，"
            "服务群众600余人次。", "volunteer_rural", start="2021-08", level="grassroots", participants=600,
            location="赣州市于都县梓山镇", indicators=(RURAL,)),
        Act("全年共开展科普讲座、义诊咨询、科普展览等活动32场次，受益群众1.5万人次。", "science_popularization",
            count=32, views=15000, tally=True, covers=("science_day", "ganpo"), indicators=(POP,), part="events"),
        Act("其中，9月13日全国科普日期间，学会在南昌市青山湖区湖坊镇举办“科学防疫 健康同行”主题科普活动，发放宣传资料"
            "2000余份，现场咨询群众300余人。", "science_popularization", key="science_day", title="全国科普日",
            start="2021-09-13", level="grassroots", participants=300, location="南昌市青山湖区湖坊镇",
            indicators=(POP, CAMPAIGNS), part="science_day"),
        Act("11月6日，学会承办“赣鄱科普大讲堂”第三十二期，邀请省疾控中心主任医师刘晓芳主讲“秋冬季传染病防治”，线上线下"
            "观众1.2万余人次。", "science_popularization", key="ganpo", title="赣鄱科普大讲堂", start="2021-11-06",
            views=12000, indicators=(POP, CAMPAIGNS), part="ganpo"),
        Act("4月16日，学会召开第六届理事会第五次会议，审议通过2020年度工作报告和财务报告，增补理事3名。", "governance",
            title="第六届理事会第五次会议", start="2021-04-16", indicators=(GOVERNANCE,)),
        Act("学会推荐的3名专家入选江西省卫生健康突出贡献人才，1人获评“江西省优秀科技工作者”。", "award_recognition",
            indicators=(TALENT,)),
        Act("受疫情影响，原计划与湖南、湖北两省预防医学会联合举办的长江中游城市群公共卫生论坛延期至2022年举办",
            "academic_conference", title="长江中游城市群公共卫生论坛", level="regional", status="negated"),
        Act("国际交流合作工作未能开展", "international_exchange", level="international", status="negated"),
        Act("一是筹备召开第七次会员代表大会，完成理事会换届", "governance", status="planned"),
        Act("二是力争承办中华预防医学会2022年学术年会分会场", "academic_conference", level="national", status="planned"),
    ),
    statements=(
        Stmt("学会于2019年在秘书处层面成立党的工作小组，现有党员9名，由秘书长兼任组长，重大事项均经党的工作小组前置研究。",
             (ORGANIZATION,)),
        Stmt("学会严格落实全面从严治党主体责任，与秘书处工作人员逐一签订党风廉政建设责任书，常态化开展廉政提醒谈话。",
             (CONDUCT,)),
        Stmt("党建工作台账按月归档，“三会一课”、主题党日等活动均有记录可查。", (LEDGER,)),
        Stmt("2021年3月，学会组建“预防医学科技志愿服务队”，在“志愿江西”平台注册志愿者62名。", (POP,), part="team"),
        Stmt("学会微信公众号“江西预防医学”开设“防疫科普”专栏，全年推送原创科普文章148篇，单篇最高阅读量超过10万。", (MEDIA,)),
        Stmt("学会严格执行《民间非营利组织会计制度》，5月委托会计师事务所完成2020年度财务审计，税务登记手续齐全。",
             (FINANCE,)),
        Stmt("截至10月底，学会共有个人会员4360名、单位会员118家，全年新发展会员312名，会员信息全部录入会员管理系统。",
             (MEMBERS,)),
        Stmt("学会网站和微信公众号由专人负责维护，信息发布严格执行“三审三校”制度。", (MEDIA,)),
        Stmt("学会参加2020年度社会组织年检，结论为合格。", (INSPECTION,)),
    ),
    inspection="合格",
    scores={
        STUDY: (2, 5), POLITICAL: (3, 3), ORGANIZATION: (1, 2), LEDGER: (1, 3), CONDUCT: (1, 2),
        ACADEMIC: (21, 20), PUBLICATION: (6, 3), INTEGRITY: (1, 2),
        INNOVATION: (1, 8), RURAL: (1, 6), CONSULTING: (1, 4), GOVERNMENT: (2, 5),
        POP: (32, 7), CAMPAIGNS: (2, 8),
        GOVERNANCE: (1, 2), INSPECTION: (1, 5), TALENT: (1, 2), MEMBERS: (1, 2), FINANCE: (1, 2), MEDIA: (2, 2),
    },
    grade="优秀",
)
