namespace Frontline.Registry.Demo;

public sealed record DemoResident(ValidPerson Person);

/// <summary>
/// A deterministic synthetic population for the demo district: households of 1–6 in buildings of
/// real-looking estates, common Chinese names, resident-ID numbers that pass GB 11643 (real birth
/// dates; area codes of Shenzhen, the rest of Guangdong and the provinces migrant workers come from),
/// and mobile numbers. The same count always gives the same people.
/// </summary>
public sealed class DemoPopulation(int residents, int seed = 20220314)
{
    static readonly string[] Surnames =
    [
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭", "何", "林", "罗", "高",
        "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡",
        "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
        "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯",
        "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤",
        "欧阳", "司马",
    ];

    static readonly string[] MaleGiven =
    [
        "伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "明", "刚", "平", "辉", "鹏", "华", "飞", "鑫", "波", "宇", "浩",
        "凯", "健", "俊", "帆", "帅", "旭", "宁", "龙", "林", "阳", "建国", "志强", "海涛", "俊杰", "子轩", "浩然", "宇航", "文博",
        "晓东", "永强", "国华", "建华", "振华", "家豪", "嘉乐", "梓豪", "思远", "天佑", "明轩", "俊熙",
    ];

    static readonly string[] FemaleGiven =
    [
        "芳", "娜", "敏", "静", "丽", "艳", "娟", "霞", "秀英", "玲", "桂英", "丹", "萍", "红", "玉兰", "婷", "雪", "琳", "倩", "颖",
        "慧", "洁", "佳", "欣", "悦", "晶", "燕", "莉", "梅", "兰", "雨桐", "欣怡", "梓涵", "诗涵", "可馨", "思琪", "晓红", "丽娟",
        "美玲", "嘉欣", "子涵", "一诺", "雅婷", "海燕", "春梅", "秀兰", "淑珍", "文静", "紫萱", "心怡",
    ];

    static readonly string[] EstateSuffixes = ["花园", "新村", "家园", "名苑", "雅居", "公寓", "华庭", "工业区宿舍"];

    // Where the people of Bao'an come from, by share: Shenzhen itself, the rest of Guangdong, and the
    // provinces of the migrant workforce (Hunan, Guangxi, Jiangxi, Sichuan, Henan, Hubei, Chongqing, Fujian).
    static readonly (string[] Codes, int Weight)[] Origins =
    [
        (["440306", "440305", "440304", "440303", "440307", "440309", "440311"], 40),
        (["441900", "445281", "441581", "445222", "440106", "440507", "441402"], 18),
        (["430124", "430521", "431102", "432503", "430426"], 11),
        (["450881", "450921", "450981", "451122"], 8),
        (["360730", "360121", "362424", "360781"], 6),
        (["510722", "511621", "513022", "511381"], 6),
        (["411525", "411623", "412822", "410522"], 5),
        (["420984", "421087", "421127"], 3),
        (["500101", "500235", "500240"], 2),
        (["350583", "350524"], 1),
    ];

    static readonly string[] MobilePrefixes =
    [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "150", "151", "152", "153", "155", "156", "157",
        "158", "159", "166", "176", "177", "178", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "191",
        "198", "199",
    ];

    static readonly int[] HouseholdSizeWeights = [15, 25, 28, 18, 9, 5];
    static readonly DateOnly EarliestBirth = new(1935, 1, 1);
    const int BirthDays = 31_775; // up to the end of 2021
    const long SlotsPerArea = BirthDays * 1000L;
    // Multiplying by a number coprime to the slot count walks all slots once: unique IDs without a set of them.
    const long SlotStride = 2_654_435_761L;
    const long PhoneSpace = 100_000_000L;
    const long PhoneStride = 1_000_000_007L;

    public int Residents { get; } = residents;

    /// <summary>How many residents each community gets: every community some, larger ones more, summing to the total.</summary>
    public static int[] Shares(int total, int communities, int seed)
    {
        var random = new Random(seed);
        var weights = Enumerable.Range(0, communities).Select(_ => 0.4 + random.NextDouble()).ToArray();
        var sum = weights.Sum();
        var shares = weights.Select(w => (int)(total * w / sum)).ToArray();
        for (var i = 0; shares.Sum() < total; i = (i + 1) % communities) shares[i]++;
        return shares;
    }

    /// <summary>Residents of every community in order, with building and room.</summary>
    public IEnumerable<ValidPerson> Generate(IReadOnlyList<Jurisdiction> communities)
    {
        var random = new Random(seed);
        var shares = Shares(Residents, communities.Count, seed);
        var perArea = new Dictionary<string, long>();
        long personIndex = 0;
        for (var c = 0; c < communities.Count; c++)
        {
            var community = communities[c];
            var estateBase = community.Name.Replace("社区", "");
            var left = shares[c];
            var buildingNumber = 0;
            while (left > 0)
            {
                buildingNumber++;
                var estate = estateBase + EstateSuffixes[(buildingNumber - 1) / 12 % EstateSuffixes.Length];
                var building = $"{estate}{(buildingNumber - 1) % 12 + 1}栋";
                var floors = random.Next(6, 34);
                var roomsPerFloor = random.Next(2, 9);
                for (var floor = 1; floor <= floors && left > 0; floor++)
                    for (var r = 1; r <= roomsPerFloor && left > 0; r++)
                    {
                        var size = Math.Min(left, HouseholdSize(random));
                        var room = $"{floor * 100 + r}";
                        var surname = Surnames[random.Next(Surnames.Length)];
                        var residentType = (ResidentType)Pick(random, [30, 40, 30]);
                        string? householdPhone = null;
                        for (var m = 0; m < size; m++)
                        {
                            var (id, male, age) = NextResidentId(random, perArea);
                            var given = male ? MaleGiven[random.Next(MaleGiven.Length)] : FemaleGiven[random.Next(FemaleGiven.Length)];
                            // Spouses and lodgers keep their own surnames; children mostly take the household's.
                            var name = (m == 0 || age < 18 ? surname : Surnames[random.Next(Surnames.Length)]) + given;
                            var phone = age >= 14 ? Phone(personIndex) : householdPhone;
                            householdPhone ??= phone;
                            personIndex++;
                            yield return new ValidPerson(name, DocType.ResidentId, id, phone, community.Code, building, room, floor,
                                residentType, null);
                        }
                        left -= size;
                    }
            }
        }
    }

    static int HouseholdSize(Random random) => Pick(random, HouseholdSizeWeights) + 1;

    static int Pick(Random random, int[] weights)
    {
        var roll = random.Next(weights.Sum());
        for (var i = 0; i < weights.Length; i++)
        {
            if (roll < weights[i]) return i;
            roll -= weights[i];
        }
        return weights.Length - 1;
    }

    (string Id, bool Male, int Age) NextResidentId(Random random, Dictionary<string, long> perArea)
    {
        var group = Origins[Pick(random, Origins.Select(o => o.Weight).ToArray())].Codes;
        var area = group[random.Next(group.Length)];
        var n = perArea.GetValueOrDefault(area);
        perArea[area] = n + 1;
        var slot = (n + 104_729) * SlotStride % SlotsPerArea;
        var birth = EarliestBirth.AddDays((int)(slot / 1000));
        var sequence = (int)(slot % 1000);
        var first17 = $"{area}{birth:yyyyMMdd}{sequence:000}";
        var id = first17 + IdentityDocuments.CheckChar(first17);
        return (id, sequence % 2 == 1, 2022 - birth.Year);
    }

    static string Phone(long index)
    {
        var slot = (index + 7_919) * PhoneStride % (MobilePrefixes.Length * PhoneSpace);
        return MobilePrefixes[slot / PhoneSpace] + (slot % PhoneSpace).ToString("00000000");
    }
}
