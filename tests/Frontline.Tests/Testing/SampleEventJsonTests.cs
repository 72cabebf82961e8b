using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Frontline.Testing;

namespace Frontline.Tests.Testing;

/// <summary>The scan batch's own item reader answers every item as the API's serializer does: the same scan, or a refusal.</summary>
public sealed class SampleEventJsonTests
{
    static readonly JsonSerializerOptions Api = new(JsonSerializerOptions.Web) { Converters = { new JsonStringEnumConverter() } };

    public static TheoryData<string> Items => new()
    {
        """{"eventId":"e1","roundId":"7","siteCode":"S1","tubeCode":"T1","poolSize":10,"idNumber":"11010519491231002X","personId":null,"collectedAt":"2022-04-01T08:00:00+08:00","collector":"王","name":"李四","phone":"13800138000"}""",
        """{}""",
        """{"EVENTID":"e1","roundid":"7","SiteCode":"S1","TUBECODE":"T1","PoolSize":"20","IDNUMBER":"x","PERSONID":"12","CollectedAt":"2022-04-01T00:00:00Z","COLLECTOR":"c","NAME":"n","PHONE":"p"}""",
        """{"eventId":"e1","extra":{"a":[1,2,{"b":null}]},"more":[1,"x"],"flag":true}""",
        """{"poolSize":"10"}""", """{"poolSize":10}""", """{"poolSize":null}""", """{"poolSize":"ten"}""", """{"poolSize":1.5}""",
        """{"poolSize":"+10"}""", """{"poolSize":" 10"}""", """{"poolSize":true}""", """{"poolSize":99999999999}""", """{"poolSize":"1e1"}""",
        """{"poolSize":-5}""", """{"poolSize":{}}""", """{"poolSize":"1\u0030"}""",
        """{"collectedAt":"2022-04-01T08:00:00"}""", """{"collectedAt":"2022-04-01"}""", """{"collectedAt":"yesterday"}""", """{"collectedAt":20220401}""",
        """{"collectedAt":null}""", """{"collectedAt":"2022-04-01T08:00:00.1234567+08:00"}""",
        """{"eventId":5}""", """{"eventId":{"a":1}}""", """{"eventId":["a"]}""", """{"eventId":true}""", """{"eventId":null}""",
        """{"eventId":"a","eventId":"b"}""", """{"event\u0049d":"escaped name"}""", """{"eventId":"a\u0062c\n"}""", """{"tubeCode":"采样管\ud83d\ude00"}""",
        """{"eventId":"" , "roundId" : "1" }""", """{"roundId":1}""", """{"personId":12}""", """{"phone":13800138000}""",
    };

    [Theory]
    [MemberData(nameof(Items))]
    public void Reads_an_item_as_the_serializer_does(string json)
    {
        var expected = Serializer(json);
        Assert.Equal(expected, Own(Whole(json)));
        // A body that arrives in pieces (a value split across the buffer's segments) reads the same.
        Assert.Equal(expected, Own(InPieces(json)));
    }

    /// <summary>The serializer's answer: the scan, or null where it refuses the item.</summary>
    static SampleEvent? Serializer(string json)
    {
        try { return JsonSerializer.Deserialize<SampleEvent>(json, Api); }
        catch (JsonException) { return null; }
    }

    static SampleEvent? Own(ReadOnlySequence<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        try
        {
            var item = SampleEventJson.Read(ref reader);
            // Left on the item's last token, the object's end, with nothing after it.
            Assert.Equal(JsonTokenType.EndObject, reader.TokenType);
            Assert.False(reader.Read());
            return item;
        }
        catch (JsonException) { return null; }
    }

    static ReadOnlySequence<byte> Whole(string json) => new(Encoding.UTF8.GetBytes(json));

    static ReadOnlySequence<byte> InPieces(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Piece? first = null, last = null;
        for (var i = 0; i < bytes.Length; i += 3)
        {
            var piece = new Piece(bytes.AsMemory(i, Math.Min(3, bytes.Length - i)), last?.RunningIndex + last?.Memory.Length ?? 0);
            if (last is null) first = piece; else last.SetNext(piece);
            last = piece;
        }
        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    sealed class Piece : ReadOnlySequenceSegment<byte>
    {
        public Piece(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void SetNext(Piece next) => Next = next;
    }
}
