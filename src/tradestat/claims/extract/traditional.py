"""Traditional Chinese characters → simplified, one character for one.

Real pages mix scripts: Hong Kong, Taiwan and Malaysian outlets write 進出口 / 億元 / 增長, and
mainland pages converted to traditional for a Big5 mirror keep the same numbers. The grammar is
written in simplified characters, so every traditional form it would meet is folded to its
simplified form before reading. The map is one code point to one code point (offsets, and so
the claims' spans, stay those of the text as given); characters whose traditional form is also
a common simplified character with another meaning (乾, 著, 徵 in 宫商角徵羽…) are left out, so a
simplified text is never changed.
"""

from __future__ import annotations

# Pairs (traditional, simplified), grouped only to keep the lines short. General vocabulary of
# economic and trade news, not the words of any one text.
_PAIRS = (
    "進进 億亿 萬万 長长 貿贸 總总 額额 這这 個个 與与 對对 為为 們们 來来 國国 東东 區区"
    "歐欧 亞亚 美美 韓韩 臺台 灣湾 門门 關关 稅税 統统 計计 據据 數数 發发 佈布 會会 說说"
    "經经 濟济 業业 產产 務务 實实 現现 體体 變变 較较 幅幅 點点 項项 類类 種种 術术 價价"
    "值值 幣币 匯汇 率率 費费 銷销 售售 買买 賣卖 貨货 運运 輸输 機机 電电 車车 輛辆 船船"
    "網网 絡络 雲云 聯联 盟盟 從从 當当 時时 間间 後后 歲岁 週周 屆届 場场 廠厂 礦矿 鋼钢"
    "鐵铁 鋁铝 銅铜 煤煤 氣气 藥药 醫医 療疗 農农 糧粮 魚鱼 鮮鲜 蘭兰 紡纺 織织 裝装 鞋鞋"
    "傢家 塑塑 膠胶 兩两 參参 與与 連连 續续 創创 紀纪 錄录 歷历 曆历 達达 過过 還还"
    "邊边 遠远 近近 選选 遞递 議议 認认 識识 讓让 談谈 論论 記记 訊讯 評评 試试 調调 該该"
    "誌志 請请 諾诺 證证 護护 讀读 講讲 鑑鉴 覽览 觀观 視视 規规 親亲 顯显 領领 頭头 題题"
    "額额 順顺 預预 頻频 穩稳 積积 稱称 稅税 種种 縣县 鄉乡 鎮镇 廣广 慶庆 寧宁 夠够 漲涨"
    "減减 準准 淨净 滬沪 澳澳 滿满 漢汉 潛潜 濱滨 灣湾 無无 營营 爲为 獲获 獨独 環环 現现"
    "瑪玛 產产 畫画 當当 療疗 盡尽 監监 盤盘 確确 礎础 穩稳 窮穷 競竞 筆笔 節节 範范 築筑"
    "簡简 籌筹 級级 紀纪 約约 紅红 純纯 紙纸 細细 終终 組组 結结 給给 絕绝 統统 絲丝 綠绿"
    "維维 綜综 緊紧 線线 編编 緣缘 縮缩 總总 績绩 繼继 續续 罰罚 聞闻 聯联 聲声 職职 與与"
    "興兴 舉举 舊旧 艱艰 藝艺 處处 號号 補补 製制 複复 復复 規规 覺觉 觸触 設设 訪访 許许"
    "訂订 詢询 該该 詳详 誤误 調调 論论 諮咨 謝谢 豐丰 貝贝 負负 財财 貢贡 貧贫 貫贯 責责"
    "貸贷 費费 資资 賓宾 賠赔 賦赋 質质 贏赢 贊赞 趨趋 躍跃 軌轨 軟软 較较 載载 輕轻 輪轮"
    "轉转 辦办 農农 迴回 適适 遷迁 遺遗 鄰邻 醫医 釋释 鋪铺 錢钱 錯错 鍵键 鏈链 長长 門门"
    "開开 閒闲 閩闽 際际 陸陆 陽阳 隊队 階阶 隨随 險险 隻只 雖虽 雙双 雜杂 離离 難难 電电"
    "靈灵 靜静 頁页 順顺 願愿 風风 飛飞 飲饮 飯饭 館馆 驗验 驚惊 體体 髮发 鬥斗 鬆松 點点"
    "齊齐 齡龄 龍龙 龐庞 內内 兌兑 冊册 劃划 劇剧 勞劳 勢势 勵励 協协 廳厅 壓压 壞坏 壯壮"
    "夢梦 奪夺 奮奋 婦妇 孫孙 學学 寶宝 審审 寫写 將将 專专 導导 層层 屬属 嶺岭 幾几 庫库"
    "廢废 張张 彈弹 彙汇 徑径 從从 恆恒 惡恶 愛爱 態态 慣惯 憑凭 應应 戰战 戶户 擁拥"
    "擇择 擊击 擔担 據据 擴扩 擺摆 攜携 敗败 敵敌 數数 斷断 於于 時时 晉晋 暢畅 暫暂 會会"
    "條条 東东 構构 標标 樣样 樞枢 橋桥 機机 檢检 權权 歐欧 歡欢 歸归 殘残 殼壳 氣气 決决"
    "況况 汙污 沒没 滅灭 漁渔 潔洁 濃浓 災灾 煉炼 熱热 爭争 牆墙 狀状 獎奖 現现 產产 畝亩"
    "異异 疊叠 發发 盜盗 眾众 碼码 礙碍 祕秘 禮礼 稅税 稱称 穀谷 窩窝 糧粮 紛纷 維维 網网"
    "緩缓 罷罢 義义 習习 聖圣 腦脑 臨临 與与 艦舰 莊庄 華华 萬万 葉叶 蓋盖 蘇苏 蟲虫 術术"
    "衛卫 衝冲 裡里 補补 規规 親亲 覽览 計计 訓训 託托 記记 設设 詞词 試试 話话 詩诗 誠诚"
    "語语 說说 誰谁 課课 調调 請请 諸诸 證证 識识 議议 護护 變变 讓让 豬猪 貓猫 貿贸 賀贺"
    "購购 賽赛 購购 趕赶 趙赵 躍跃 車车 軍军 輯辑 農农 邊边 郵邮 鄭郑 醬酱 釀酿 針针 鈔钞"
    "銀银 鋒锋 錦锦 鍋锅 鎖锁 鏡镜 鐘钟 鑽钻 門门 閃闪 閉闭 閱阅 闊阔 陣阵 陳陈 隱隐 雞鸡"
    "雲云 電电 韌韧 響响 頂顶 須须 顧顾 飼饲 餘余 饋馈 馬马 駐驻 驅驱 骯肮 魯鲁 鳥鸟 鹽盐"
    "麥麦 黃黄 齒齿 廈厦 畢毕 貴贵 蒙蒙 疆疆 滇滇 黔黔 贛赣 鄂鄂 湘湘 瓊琼 遼辽 吉吉 陝陕"
    "隴陇 晉晋 蘇苏 閩闽 魯鲁 粵粤 桂桂 渝渝 蜀蜀 黑黑 龍龙 滬沪 津津 冀冀 豫豫 皖皖 浙浙"
    "烏乌 魯鲁 齊齐 爾尔 哈哈 薩萨 克克 紐纽 倫伦 俄俄 羅罗 斯斯 聯联 邦邦 韓韩 越越 寮寮"
    "緬缅 柬柬 泰泰 印印 尼尼 賓宾 菲菲 澳澳 紐纽 歐欧 盧卢 義义 瑞瑞 備备 別别 勁劲 動动"
    "吳吴 員员 問问 單单 報报 娛娱 強强 揮挥 樂乐 況况 煙烟 獻献 産产 磚砖 紹绍 經经 綠绿"
    "網网 許许 賀贺 開开 鞏巩 鰲鳌 帶带 夥伙 興兴 邁迈 檔档 緒绪 償偿 側侧 傳传 價价 優优"
    "儲储 兒儿 剛刚 劑剂 啟启 嚴严 團团 圍围 圖图 執执 墊垫 壽寿 奧奥 媒媒 實实 尋寻 對对"
    "噸吨 佔占 揚扬 麼么 嗎吗 裏里 綫线 衆众 顆颗 貼贴"
    # Variant forms content farms substitute for common characters (槼模 for 规模 …).
    "槼规 堦阶 曏向 耑端"
)

#: Traditional code point → simplified code point (``str.translate`` table).
#: The lines above run together: read the pairs two characters at a time, spaces aside.
_PAIRED = "".join(_PAIRS.split())
TRADITIONAL: dict[int, int] = {
    ord(_PAIRED[i]): ord(_PAIRED[i + 1])
    for i in range(0, len(_PAIRED), 2)
    if _PAIRED[i] != _PAIRED[i + 1]
}
