"""Chinese release vocabulary (海关统计 phrasing): direction, flows, markers, slices.

Same roles as ``lexicon_en``; the patterns follow customs releases and their reposts
("同比增长/下降", "占…的", "拉动…个百分点", "高于全国…个百分点", "居全国第…位", "首次突破").
"""

from __future__ import annotations

UP = r"增长|增加|提高|上升|上涨|扩大|增|升|提升"
# 跌: Hong Kong and Malaysian papers ("按年跌1.3%").
DOWN = r"下降|减少|回落|下滑|降低|下跌|收窄|降|减|跌"

FLOWS = [
    (r"进出口|外贸|贸易|货物贸易", "total"),
    (r"出口", "export"),
    (r"进口", "import"),
]

SLICES: dict[str, tuple[str, str]] = {
    "RCEP其他成员国": ("partner_group", "RCEP"),
    "RCEP其他签署国": ("partner_group", "RCEP"),
    "RCEP其他成员": ("partner_group", "RCEP"),
    "中亚国家": ("partner_group", "CA5"),
    "中亚五国": ("partner_group", "CA5"),
    "共建“一带一路”国家": ("partner_group", "BRI_PARTNERS"),
    '共建"一带一路"国家': ("partner_group", "BRI_PARTNERS"),
    "共建一带一路国家": ("partner_group", "BRI_PARTNERS"),
    "“一带一路”沿线国家": ("partner_group", "BRI_ALONG_ROUTE"),
    "一带一路沿线国家": ("partner_group", "BRI_ALONG_ROUTE"),
    # A bare "Belt and Road countries" is the partner list, as in English (docs/claims.md).
    "“一带一路”相关国家": ("partner_group", "BRI_PARTNERS"),
    "一带一路相关国家": ("partner_group", "BRI_PARTNERS"),
    "“一带一路”国家": ("partner_group", "BRI_PARTNERS"),
    "民营企业": ("enterprise_group", "private"),
    "私营企业": ("enterprise_group", "private"),
    "国有企业": ("enterprise_group", "state_owned"),
    "外商投资企业": ("enterprise_group", "foreign_invested"),
    "外资企业": ("enterprise_group", "foreign_invested"),
    "机电产品": ("product_group", "mechanical_electrical"),
    "高新技术产品": ("product_group", "high_tech"),
    "农产品": ("product_group", "agricultural"),
    "劳动密集型产品": ("product_group", "labour_intensive"),
    "新三样": ("product_group", "new_three"),
    "电动汽车": ("product_group", "electric_vehicles"),
    "锂电池": ("product_group", "lithium_batteries"),
    "锂离子蓄电池": ("product_group", "lithium_batteries"),
    "太阳能电池": ("product_group", "solar_cells"),
    "一般贸易": ("trade_mode_group", "ordinary"),
    "加工贸易": ("trade_mode_group", "processing"),
    "边境小额贸易": ("trade_mode_group", "border_small"),
    "边境贸易": ("trade_mode_group", "border_small"),
    "保税物流": ("trade_mode_group", "bonded_logistics"),
    "跨境电商": ("trade_mode_group", "cross_border_ecommerce"),
    "跨境电子商务": ("trade_mode_group", "cross_border_ecommerce"),
    "市场采购": ("trade_mode_group", "market_procurement"),
    # Partners under their everyday names (the model carries 俄罗斯联邦, 中国香港 ...).
    "俄罗斯": ("partner", "344"),
    # "对俄进出口" (not "对俄" alone: it would cut "对俄罗斯" in two)
    "对俄进出口": ("partner", "344"),
    "对俄出口": ("partner", "344"),
    "对俄进口": ("partner", "344"),
    "对俄贸易": ("partner", "344"),
    "中俄": ("partner", "344"),
    "蒙古国": ("partner", "124"),
    "香港": ("partner", "110"),
    "澳门": ("partner", "121"),
    "台湾": ("partner", "143"),
    "玻利维亚": ("partner", "408"),
}

UNRESOLVED = (
    r"自主品牌|中东|高端装备|绿色产品|新能源汽车|汽车零配件|汽车|钢材|原油|天然气|煤炭|粮食|水果|棉花"
    # Goods inside a product group ("机电产品…其中，电脑出口…"): a part of the group, not the group.
    r"|笔记本电脑|电脑|集成电路|手机|平板电脑|液晶显示板|船舶|液化天然气运输船|手术机器人"
    r"|生物医药|医疗器械|榴莲|铁矿砂|铜矿砂|大豆|稀土|电工器材|家用电器|服装|纺织品|家具|玩具"
    # Platforms, not trade modes: "海关特殊监管区域、保税物流中心等开放平台合计进出口".
    r"|海关特殊监管区域|特殊监管区域|保税物流中心|开放平台"
)

LOCAL = (
    r"园区|综保区|综合保税区|自贸区|自贸试验区|片区|开发区|合作区|口岸|公司|企业集团|机场"
    r"|博览会|项目"
    # A city (深圳市, 哈尔滨市; 全市/我市 on a city's site) is not its province. The four
    # municipalities (上海市 ...) are regions, found first by their names.
    r"|(?:^|(?<=[省区州盟]|[^\p{Han}]))\p{Han}{2,4}?市(?![场民值委])|全市|我市|本市"
)

#: The province-level subject named again (全省, 我区): the last province named, not a city.
REGION_REF = r"全省|全区|全自治区|我省|我区|本省|本区"

NOT_TRADE = {
    r"地区生产总值|国内生产总值|GDP": "GDP",
    r"吞吐量": "throughput",
    r"中欧班列|班列": "freight trains",
    r"航线|线路": "routes",
    r"收入|工资": "income",
    r"成本|节约|节省": "costs",
    r"订单|签约|合同|项目": "signed deals",
    r"投资|外资": "investment",
    r"游客|旅游": "tourism",
    r"社会消费品零售|消费": "consumption",
    r"贷款|资金": "finance",
    r"工业增加值|产量": "output",
    r"顺差|逆差|贸易差额": "trade balance",
    r"备案[^，。；]{0,6}(?:企业|经营者)|注册[^，。；]{0,4}企业": "registered enterprises",
}

SHARE_BEFORE = r"占|占比|比重|占到|占据|约占"
GAP = r"高于|低于|快于|慢于|超出|高出|快出|(?:比|较)全国[^，。；]{0,6}?(?:高|快|低|慢)"
#: A gap downwards: "低于全国", "比全国平均水平低".
GAP_LOWER = r"低于|慢于|(?:比|较)全国[^，。；]{0,6}?(?:低|慢)"
GAP_NATIONAL = r"全国|全国平均|全国整体|全国水平|我国"
CONTRIBUTION = r"拉动|带动|贡献"
THRESHOLD = r"突破|跨越|迈上|站上|大关"
MULTI_PERIOD = r"十三五|“十三五”|上一个五年"
# 按年: Hong Kong and Malaysian papers for 同比.
YOY = r"同比|比上年|比去年|较上年|较去年|比上年同期|较去年同期|按年"
RECORD = r"历史新高|创新高|历史最高|历史同期最高|创历史"
FIRST_TIME = r"首次|首度|第一次"

QUALIFIERS = [
    (r"(?:超过|超|逾|突破|高于|多于)$", "over"),
    (r"(?:近|接近|将近|逼近)$", "nearly"),
    (r"(?:约|大约|约为|左右)$", "about"),
    (r"(?:不足|不到|低于|少于)$", "under"),
]

RANK = (
    r"(?:居|位居|位列|排名|排|列)(?:全国|全国各省区市|各省区市|全国省区市|全国第)?"
    r"(?:第)?(?P<ord>[一二三四五六七八九十\d]+|首)(?:位|名)?"
    r"|第(?P<partner_ord>[一二三四五六七八九十\d]+)大贸易伙伴"
    r"|(?P<lp>最大)贸易伙伴"
)

#: Customs districts by the city they are named after → the province whose figures they
#: publish ("据南京海关统计，1-4月，我省…", "Harbin Customs said"): what "我省" / "the
#: province" mean when the text never names the province. Several districts share a province.
CUSTOMS_DISTRICTS: dict[str, str] = {
    "北京": "11", "天津": "12", "石家庄": "13", "太原": "14", "呼和浩特": "15", "满洲里": "15",
    "沈阳": "21", "大连": "21", "长春": "22", "哈尔滨": "23", "上海": "31", "南京": "32",
    "杭州": "33", "宁波": "33", "合肥": "34", "福州": "35", "厦门": "35", "南昌": "36",
    "济南": "37", "青岛": "37", "郑州": "41", "武汉": "42", "长沙": "43", "广州": "44",
    "深圳": "44", "拱北": "44", "汕头": "44", "黄埔": "44", "江门": "44", "湛江": "44",
    "南宁": "45", "海口": "46", "重庆": "50", "成都": "51", "贵阳": "52", "昆明": "53",
    "拉萨": "54", "西安": "61", "兰州": "62", "西宁": "63", "银川": "64", "乌鲁木齐": "65",
}  # fmt: skip
