"""Build corpus/labeled/*.jsonl: the hand-labeled seed clauses plus clauses we author.

Our own clauses are composed from verb phrases we wrote for each task (and for clauses that
deserve no label), set in the frames that provincial and county notices use. Splits are by
verb phrase, so no test clause shares its substance with a training clause; a quarter of the
clauses are turned into traditional script. Run: python scripts/build_corpus.py
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "scripts"))

from seed_labels import SEED_LABELS, parse  # noqa: E402

TASK_DOMAIN = {"infra": None, "agri": "smart_agriculture", "biz": "rural_digital_industry", "gov": "digital_governance",
               "culture": "digital_culture", "green": "smart_beautiful_village", "service": "digital_public_services", "assist": None}
ACTION_OF = {"infra": "infrastructure_upgrade", "agri": "smart_agriculture_innovation", "biz": "new_business_models",
             "gov": "governance_capacity", "culture": "online_culture", "green": "smart_green_village",
             "service": "public_service_efficiency", "assist": "online_assistance"}

PHRASES: dict[str, list[str]] = {
    "infra.information_infrastructure": [
        "推进农村千兆光网和5G网络向自然村延伸覆盖", "实施电信普遍服务补偿试点，提升偏远山区移动网络信号质量", "加快行政村光纤宽带提速改造",
        "推动农村地区4G网络深度覆盖和5G基站共建共享", "扩大农村广播电视网络覆盖，推进直播卫星户户通升级", "提高农村互联网普及率和网络通达水平",
        "开展农村网络质量监测，及时解决弱覆盖问题", "在乡镇建设边缘计算节点，提升农村地区算力服务能力", "推动农村宽带接入能力达到百兆以上",
        "统筹建设村级通信铁塔和综合信息杆柱"],
    "infra.traditional_digitization": [
        "推动农村公路数字化管养，建设路况智能监测系统", "推进农村电网智能化改造，推广智能电表和配电自动化", "建设智慧水利设施，实现农村供水工程在线监测",
        "推进农村冷链物流设施数字化改造", "对小型水库和灌区实施信息化改造，提升调度管理水平", "推动农村客运站点和物流节点智能化升级",
        "建设乡村供水水质在线监测和智能调度平台", "推进农田水利设施物联网改造", "推动农村充电桩纳入智能电网统一管理",
        "开展乡村传统基础设施数字化改造试点"],
    "agri.big_data": [
        "建设省级农业农村大数据平台，推动涉农数据资源共享", "开展生猪、柑橘等单品种全产业链大数据建设", "完善耕地和永久基本农田数据库，建立耕地保护一张图",
        "推动农业农村部门数据与自然资源、气象等部门数据互联互通", "建立重要农产品市场监测预警数据体系", "建设县级农业农村数据资源中心",
        "推进新型农业经营主体信息直报系统应用", "建立农业农村基础数据资源目录和更新机制", "运用大数据开展粮食生产形势分析研判",
        "汇聚种植养殖、农资农机等生产数据，形成农业数据资源池"],
    "agri.observation_network": [
        "建设天空地一体化农业观测网络，开展重要农作物遥感监测", "布设田间物联网监测站点，实时采集墒情、苗情、虫情数据", "利用卫星遥感和无人机开展农作物种植面积监测",
        "建立农业灾情监测预警网络，提升防灾减灾能力", "完善草原和渔业资源动态监测体系", "推进耕地质量监测网点建设和数据自动采集",
        "构建覆盖主要粮食产区的农情监测体系", "运用遥感技术监测农作物长势和产量", "建设病虫害智能监测点，实现虫情自动识别",
        "开展高标准农田建设遥感核查"],
    "agri.production_digitization": [
        "建设一批智慧农场、智慧牧场和数字渔场", "推广植保无人机、北斗导航自动驾驶农机等智能装备", "推进设施农业数字化改造，推广环境智能调控系统",
        "发展精准施肥、精准灌溉和水肥一体化智能控制", "推动规模养殖场实施数字化改造，推广智能饲喂和环境监控", "建设无人农场示范基地",
        "推进大田种植数字化，提升耕种管收全程智能化水平", "推广农机作业监测终端，实现作业面积自动计量", "推动水产养殖池塘智能增氧和水质在线监测",
        "建设数字果园和数字茶园"],
    "agri.technology_innovation": [
        "加强农业传感器、农业机器人等关键技术攻关", "支持科研院所与企业联合研发智能农机装备", "推进农业专用芯片和智能控制系统研发",
        "开展智慧农业关键核心技术集成应用示范", "建设智慧农业创新中心和重点实验室", "推动人工智能技术在育种和病虫害识别中的研究应用",
        "布局一批数字种业技术创新项目", "加快丘陵山区适用智能农机装备研发", "组建智慧农业产学研创新联合体",
        "推进智能分析技术与装备在农业生产中的集成应用"],
    "agri.information_services": [
        "深入推进信息进村入户，提升益农信息社农业信息服务能力", "完善12316三农服务热线，为农民提供在线技术咨询", "推广农技推广云平台，开展线上农技培训",
        "组织科技特派员通过网络平台开展远程诊断指导", "建设农业科技信息服务站，推送农情和市场信息", "发展以数据为支撑的农业生产社会化服务",
        "利用短视频和直播开展农业技术培训", "建立农业专家在线答疑服务机制", "为新型农业经营主体提供精准气象和农技信息服务",
        "推动农技人员通过手机APP开展田间指导"],
    "biz.ecommerce": [
        "深入实施“互联网+”农产品出村进城工程", "开展“数商兴农”行动，培育农产品网络品牌", "发展农村直播电商，培训一批电商带头人",
        "建设县级电子商务公共服务中心和村级电商服务站", "支持农产品加工企业拓展网络销售渠道", "推动农产品上行，建设产地仓和分拣中心",
        "培育县域电商产业集群", "推进农产品标准化、品牌化，打造网货供应链", "组织农产品产销对接和线上促销活动",
        "支持新型农业经营主体开设网店"],
    "biz.consumption_upgrade": [
        "完善县乡村三级物流配送体系，推动快递进村", "推动工业品下乡，扩大农村网络消费", "建设乡镇商贸中心和村级便利店，推动县域商业数字化",
        "发展农村寄递物流共同配送", "推动冷链物流向乡村延伸，满足农民消费升级需求", "支持电商平台下沉，丰富农村网络消费供给",
        "推广农村智慧零售，发展线上下单线下配送", "开展农村消费品质量提升行动", "推进邮政快递与农村客运融合发展",
        "建设县域数字化供应链服务中心"],
    "biz.new_business_forms": [
        "培育智慧休闲农业、创意农业和认养农业等新业态", "发展农文旅融合，建设乡村旅游智慧服务平台", "推广共享农庄、定制农业等新模式",
        "发展乡村民宿和康养旅游线上预订服务", "推动平台经济与乡村产业融合发展", "打造云上乡村旅游体验项目",
        "发展农业生产性服务新业态", "建设数字乡村旅游线路和智能导览系统", "培育乡村共享经济新模式",
        "支持农民利用网络平台发展特色手工艺和乡村文创产业"],
    "gov.party_building": [
        "完善农村智慧党建平台，推动党员教育线上线下融合", "利用远程教育网络组织农村党员学习", "推进党务公开上网，接受群众监督",
        "建设村级党组织数字化管理系统", "推广手机党建应用，开展流动党员线上管理", "利用数字化手段规范农村基层党组织生活",
        "打造智慧党建示范村", "建立农村党员积分管理信息系统", "运用网络平台开展党员志愿服务",
        "推动乡镇党建阵地数字化升级"],
    "gov.online_services": [
        "推动“互联网+政务服务”向乡村延伸，实现高频事项就近办", "推进一网通办，将社保、医保等事项下沉至村级便民服务站", "在村级便民服务中心部署自助服务终端",
        "推广政务服务掌上办，方便群众足不出村办理事项", "建立村级代办员制度，提供网上代办服务", "推进涉农审批事项网上办理",
        "推动政务服务一窗受理、跨省通办向乡镇延伸", "建设乡镇政务服务数字化平台", "提升村级便民服务站网上办事能力",
        "推动涉农补贴一卡通发放信息化"],
    "gov.village_affairs": [
        "推广村级事务“阳光公开”监管平台", "推进村务、党务、财务网上公开", "利用小程序和移动应用开展村民议事协商",
        "建设农村集体资产监管信息平台，推进三资管理数字化", "推广积分制、清单制数字化应用", "建立村级小微权力清单线上监督机制",
        "开发村民自治APP，拓宽农民参与治理渠道", "推进村级财务电子化记账和在线审计", "建设村级事务管理综合信息系统",
        "推动村务监督委员会运用信息化手段开展监督"],
    "gov.social_governance": [
        "坚持和发展新时代“枫桥经验”，推进数字技术与乡村治理深度融合", "推进农村网格化管理，配备网格员移动终端", "深化雪亮工程建设，扩大公共安全视频监控覆盖",
        "建设乡镇社会治理综合信息平台", "运用大数据开展矛盾纠纷排查化解", "建设平安乡村智能防控体系",
        "推动综治中心与网格化服务管理信息系统互联互通", "推进基层治理数据共享和精细化管理", "建立农村治安防控视频联网平台",
        "开展数字乡村治理试点"],
    "gov.emergency_management": [
        "完善农村应急广播体系，实现村村响", "建设农村智慧应急管理平台，提升灾害预警能力", "推进地质灾害隐患点智能监测预警",
        "建设乡镇防汛抗旱指挥信息系统", "完善森林防火智能监测网络", "推动农村消防安全物联网监测",
        "建立自然灾害风险信息共享和快速响应机制", "在行政村布设应急避难和预警信息发布终端", "推进农村安全生产隐患在线排查",
        "开展农村应急救援队伍数字化调度演练"],
    "culture.online_positions": [
        "筑牢乡村网络文化阵地，丰富优质网络内容供给", "推进县级融媒体中心建设，打通基层宣传最后一公里", "开展网络文明进乡村活动，传播正能量",
        "建设新时代文明实践网络平台", "发展乡村网络视听节目，鼓励创作反映乡村振兴的短视频", "推进智慧广电乡村工程",
        "加强农村网络舆论引导和网络内容管理", "培育乡村网络文化创作者", "建设乡村数字文化服务平台，推送优秀网络文化产品",
        "利用网络平台开展乡风文明宣传教育"],
    "culture.resource_digitization": [
        "推进传统村落数字化保护，建设数字博物馆", "开展农耕文化遗产数字化采集和展示", "推动非物质文化遗产数字化记录和网络传播",
        "建设乡村记忆数字档案和村史馆线上展厅", "推进农家书屋数字化，提供数字阅读服务", "实施乡村文物资源数字化保护",
        "深入实施国家文化数字化战略，挖掘活化乡村文化资源", "建设地方戏曲和民俗文化数字资源库", "推进古村落三维建模和数字化展示",
        "推动乡镇文化站数字图书馆建设"],
    "green.ecological_protection": [
        "建设农业面源污染监测网络，推进化肥农药减量数字化管理", "运用遥感和物联网开展乡村生态环境监测", "推进智慧林长制、河长制信息平台建设",
        "建立秸秆综合利用和畜禽粪污资源化利用信息监管系统", "利用数字技术推进农业绿色发展", "建设草原生态保护监测信息系统",
        "推进农村水土保持在线监测", "建设湿地和生物多样性保护数字化监测体系", "推动耕地土壤污染状况智能监测",
        "开展农业碳排放监测和低碳数字化管理"],
    "green.living_environment": [
        "加强农村人居环境数字化监管，建立问题在线受理处置机制", "建设农村生活垃圾收运处置智能监管平台", "推动农村生活污水处理设施运行在线监测",
        "建立农村改厕信息管理系统，实现户厕问题线上报修", "运用卫星遥感开展村容村貌动态监测", "推进农村黑臭水体治理信息化监管",
        "建设农村人居环境整治数字化考评系统", "推广垃圾分类智能回收设备", "利用视频监控对乱堆乱放问题开展智能识别",
        "搭建美丽宜居乡村建设数字化管理平台"],
    "service.education": [
        "深化乡村“互联网+教育”，推动优质教育资源共享", "推进农村中小学专递课堂、名师课堂常态化应用", "提升农村学校宽带接入和多媒体教室覆盖水平",
        "开展农村教师信息技术应用能力培训", "建设县域智慧教育云平台", "推动城乡学校结对开展同步课堂",
        "为乡村学校配备在线教学设备和数字教材", "推进教育信息化向乡村教学点延伸", "利用国家中小学智慧教育平台服务农村学生",
        "建设智慧校园示范学校"],
    "service.healthcare": [
        "推进“互联网+医疗健康”，发展远程医疗服务", "推动县域医共体信息化建设，实现检查结果互认", "完善农村居民电子健康档案",
        "推广家庭医生签约服务线上化", "为乡镇卫生院和村卫生室配备远程诊疗设备", "建设县级互联网医院，方便农民就医",
        "推进医保结算服务延伸到村卫生室", "开展农村慢性病在线随访管理", "推动智慧医疗设备进村入户",
        "推广农村妇幼健康信息化服务"],
    "service.social_security": [
        "完善农村社保与就业服务，推广电子社保卡应用", "推动养老保险待遇资格网上认证", "建设农村劳动力就业信息平台，开展线上招聘",
        "推进社会救助信息化，实现低保对象动态管理", "为农民工提供网上职业技能培训和就业服务", "推动社保经办服务下沉村级站点",
        "建立农村劳动力转移就业监测系统", "开展返乡创业线上指导服务", "推进社会保险参保信息精准比对",
        "建设县域零工市场线上服务平台"],
    "service.special_groups": [
        "提升面向农村特殊人群的信息服务水平", "开展适老化改造，帮助农村老年人跨越数字鸿沟", "为留守儿童提供线上学习和心理关爱服务",
        "推进智慧养老服务进村，建设居家养老信息平台", "为农村残疾人提供无障碍信息服务", "建立困境儿童关爱服务信息系统",
        "开展农村老年人智能技术运用培训", "推动农村留守老人远程看护服务", "建设面向农村妇女的数字技能服务平台",
        "为特殊困难群体配备紧急呼叫智能终端"],
    "service.inclusive_finance": [
        "深化农村普惠金融服务，推广移动支付", "发展农村数字金融，推广线上信用贷款", "建设农村信用信息平台，开展信用户评定",
        "推动农业保险理赔线上化", "鼓励银行机构开发面向新型农业经营主体的线上融资产品", "推进助农取款服务点数字化升级",
        "建立涉农信贷大数据风控模型", "推广农村金融综合服务站线上服务", "发展农业供应链金融",
        "完善农村征信体系建设"],
    "assist.poverty_gains": [
        "巩固拓展脱贫攻坚成果，建立健全防止返贫动态监测机制", "依托防止返贫监测平台，对易返贫致贫人口实施常态化监测", "守住不发生规模性返贫底线",
        "做好过渡期内帮扶政策的衔接和延续", "对脱贫不稳定户和边缘易致贫户及时落实帮扶措施", "运用大数据比对开展返贫风险预警",
        "建立农村低收入人口动态监测信息系统", "推动脱贫人口收入监测数据共享", "开展防止返贫监测帮扶集中排查",
        "完善脱贫地区帮扶项目资产管理信息系统"],
    "assist.linkage": [
        "做好网络帮扶与数字乡村建设有效衔接", "加大产业帮扶和消费帮扶力度，带动脱贫地区增收", "开展网络扶智，提升农民数字素养与技能",
        "拓宽网络公益渠道，开发面向脱贫地区的公益项目", "深化东西部协作和定点帮扶中的数字化合作", "组织电商企业开展消费帮扶专场",
        "实施农民数字技能提升培训", "推动驻村工作队运用信息化手段开展帮扶", "动员社会力量参与脱贫地区数字乡村建设",
        "建设网络帮扶信息对接平台"],
}
# clauses that deserve no label (organization, funding, publicity, other policy fields, non-digital items)
NONE_PHRASES = [
    "加强组织领导，成立工作专班", "建立健全统筹协调机制", "将工作纳入年度绩效考核", "强化督促检查，定期通报工作进展", "压实各级责任，确保各项任务落地见效",
    "统筹用好各级财政资金", "积极争取中央预算内投资支持", "引导金融资本和社会资本参与项目建设", "加强宣传引导，营造良好社会氛围", "及时总结推广典型经验做法",
    "加强人才队伍建设，完善激励机制", "建立专家咨询委员会", "加强调查研究，摸清底数", "按要求报送季度工作进展", "各地区各部门要认真贯彻落实",
    "健全住房保障体系，扩大保障性租赁住房供给", "推进城镇老旧小区改造", "落实小微企业增值税减免政策", "优化个人所得税汇算清缴服务", "加强房地产市场调控",
    "推进农村公路提档升级", "实施农村供水保障工程，提高自来水普及率", "加强农村道路交通安全管理", "做好冬春农田水利基本建设", "扩大高校毕业生招聘规模",
    "组织开展送戏下乡演出活动", "举办农民丰收节庆祝活动", "开展农村移风易俗专项整治", "加强村级组织建设", "选优配强村党组织书记",
    "做好春耕备耕物资供应", "稳定粮食播种面积", "落实耕地地力保护补贴", "推进农村土地承包经营权确权登记", "深化农村集体产权制度改革",
    "加强安全生产检查", "规范项目资金管理，严禁挤占挪用", "开展审计监督", "完善政策体系", "强化部门协同配合",
    "建立工作台账，实行销号管理", "加强对试点工作的跟踪评估", "组织召开现场推进会", "加强与新闻媒体的沟通合作", "编制年度工作计划",
    "做好信访维稳工作", "推进事业单位改革", "加强干部作风建设", "落实党风廉政建设责任制", "开展年度财务决算",
    "提高城乡居民基本养老金标准", "扩大义务教育学位供给", "推进县城城镇化建设", "加强城市燃气管道更新改造", "完善企业所得税优惠政策",
    "做好汛期地质灾害群测群防人员补助发放", "推进林业产业发展", "发展特色种养业", "建设农产品批发市场", "促进农民工资性收入增长",
    "加强耕地占补平衡管理", "稳妥推进农村宅基地制度改革", "推进乡村建设行动规划编制", "完善基层社会救助兜底制度", "开展农村文化惠民演出",
]
# green rural living without digital means: smart_beautiful_village only
GREEN_ONLY = [
    "扎实推进农村厕所革命，因地制宜推广卫生厕所", "开展村庄清洁行动，集中整治房前屋后环境卫生", "推进农村生活污水治理，逐步消除黑臭水体",
    "健全农村生活垃圾收运处置体系", "推进农业面源污染治理，实施化肥农药减量增效", "开展美丽宜居村庄创建", "推进秸秆综合利用和畜禽粪污资源化利用",
    "加强村庄绿化美化，建设绿色生态村庄", "推广农村清洁能源使用", "加强农村河塘沟渠整治",
]
PREFIXES = ["", "各地要", "鼓励有条件的地区", "支持试点县", "县级农业农村部门要", "进一步", "着力", "持续", "大力", "各乡镇要",
            "省级有关部门要统筹", "试点地区要", "全面", "积极", "结合本地实际，", "围绕主导产业，"]
SUFFIXES = ["。", "，提升服务效能。", "，形成可复制可推广的经验。", "，年底前取得阶段性成效。", "；", "，打造一批示范样板。",
            "，切实增强农民群众获得感。", "，完善长效机制。"]


def _rng_pick(rng: random.Random, seq: list[str]) -> str:
    return seq[rng.randrange(len(seq))]


def _split_of(i: int) -> str:
    return "test" if i % 10 in (8, 9) else "dev" if i % 10 == 7 else "train"


def build() -> list[dict[str, object]]:
    import opencc

    s2t = opencc.OpenCC("s2t")
    rng = random.Random(20241113)
    rows: list[dict[str, object]] = []

    def add(text: str, domains: list[str], actions: list[str], tasks: list[str], split: str, source: str) -> None:
        if "智慧广电" in text:  # guideline: 智慧广电 in villages is culture and infrastructure
            actions, tasks = [*actions, "infrastructure_upgrade"], [*tasks, "infra.information_infrastructure"]
        h = int(hashlib.sha256(text.encode()).hexdigest(), 16)
        if h % 4 == 0:
            text = s2t.convert(text)
        rows.append({"text": text, "domains": sorted(set(domains)), "actions": sorted(set(actions)), "tasks": sorted(set(tasks)),
                     "split": split, "source": source})

    for task, phrases in PHRASES.items():
        fam = task.split(".")[0]
        dom = TASK_DOMAIN[fam]
        for i, vp in enumerate(phrases):
            split = _split_of(i)
            frames = rng.sample(range(len(PREFIXES)), 5)
            for k, pi in enumerate(frames):
                text = PREFIXES[pi] + vp + SUFFIXES[(pi + k) % len(SUFFIXES)]
                add(text, [dom] if dom else [], [ACTION_OF[fam]], [task], split, "authored")
    for i, vp in enumerate(NONE_PHRASES):
        split = _split_of(i)
        for pi in rng.sample(range(len(PREFIXES)), 5):
            add(PREFIXES[pi] + vp + _rng_pick(rng, SUFFIXES), [], [], [], split, "authored")
    for i, vp in enumerate(GREEN_ONLY):
        split = _split_of(i)
        for pi in rng.sample(range(len(PREFIXES)), 5):
            add(PREFIXES[pi] + vp + _rng_pick(rng, SUFFIXES), ["smart_beautiful_village"], [], [], split, "authored")
    # two-task clauses: a goal sentence naming two substances
    tasks = list(PHRASES)
    for _n in range(120):
        t1, t2 = rng.sample(tasks, 2)
        i1, i2 = rng.randrange(10), rng.randrange(10)
        s1, s2 = _split_of(i1), _split_of(i2)
        if s1 != s2:
            continue
        f1, f2 = t1.split(".")[0], t2.split(".")[0]
        doms = [d for d in (TASK_DOMAIN[f1], TASK_DOMAIN[f2]) if d]
        add(PHRASES[t1][i1] + "，" + PHRASES[t2][i2] + "。", doms, [ACTION_OF[f1], ACTION_OF[f2]], [t1, t2], s1, "authored")
    return rows


def _authored_split(n: int) -> str:
    return "dev" if n % 5 == 3 else "test" if n % 5 == 4 else "train"


def document_rows() -> list[dict[str, object]]:
    """Clauses of the short notices we wrote whole (corpus/authored/NN_*.tsv), split by document.

    Each line is ``D | A | T<TAB>clause``; a ``#`` line describes the document. Every fourth
    document (n % 4 == 1) is turned into traditional script as a whole, as such notices arrive.
    """
    import opencc

    from policynlp.taxonomy import load_taxonomy

    s2t = opencc.OpenCC("s2t")
    tax = load_taxonomy()
    parent = {t.id: t.parent for t in tax.tasks}
    rows: list[dict[str, object]] = []
    for path in sorted((ROOT / "corpus" / "authored").glob("[0-9]*.tsv")):
        n = int(path.name.split("_")[0])
        for ln, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            try:
                code, text = line.split("\t")
                d, a, t = parse(code)
            except (ValueError, KeyError) as exc:
                raise ValueError(f"{path.name}:{ln}: bad line ({exc})") from exc
            for task in t:
                if task not in parent or parent[task] not in a:
                    raise ValueError(f"{path.name}:{ln}: task {task} without its action")
            rows.append({"text": s2t.convert(text) if n % 4 == 1 else text, "domains": sorted(d), "actions": sorted(a),
                         "tasks": sorted(t), "split": _authored_split(n), "source": f"authored/{path.name}#{ln}"})
    return rows


def seed_rows() -> list[dict[str, object]]:
    from policynlp.pipeline import Pipeline

    pipe = Pipeline(classifier=None)
    rows: list[dict[str, object]] = []
    for name, labels in SEED_LABELS.items():
        doc = pipe.analyze(ROOT / "corpus" / "seeds" / name)
        for c in doc.clauses:
            d, a, t = parse(labels[c.index]) if c.index in labels else ([], [], [])
            rows.append({"text": c.text, "domains": d, "actions": a, "tasks": t, "split": "seed", "source": f"{name}#{c.index}"})
    return rows


def main() -> None:
    out = ROOT / "corpus" / "labeled"
    out.mkdir(parents=True, exist_ok=True)
    rows = build() + document_rows() + seed_rows()
    for split in ("train", "dev", "test", "seed"):
        part = [r for r in rows if r["split"] == split]
        with (out / f"{split}.jsonl").open("w", encoding="utf-8") as fh:
            for r in part:
                fh.write(json.dumps({k: v for k, v in r.items() if k != "split"}, ensure_ascii=False) + "\n")
        print(split, len(part))


if __name__ == "__main__":
    main()
