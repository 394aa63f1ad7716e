package aliyun

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// answerBodySeeds are answers of Aliyun's and others, and the edges of the
// plain form.
var answerBodySeeds = []string{
	okJSON,
	`{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发分钟级流控Permits:1","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990"}`,
	`{"Message":"OK","RequestId":"R","Code":"OK","BizId":"1^0","Recommend":"https://x/?a=b"}`,
	` {"code":"OK" , "BIZID" : "1^0"}` + "\n",
	`{"Code":"OK","code":"X"}`, `{"Code":"OK","Code":null}`, `{"Code":"OK",}`, `{"Code":"OK"} x`, `{"Code":"OK"}{}`,
	`{}`, ` { } `, `{`, `}`, `[]`, `null`, `""`, ``, ` `, `{"Code":1}`, `{"Code":"a\"b"}`, `{"Code":"a\u0041"}`,
	`{"C\u006fde":"OK"}`, `{"Meſſage":"x","Code":"E"}`, `{"Code":"\xff"}`, `{"x\xff":"1","Code":"E"}`,
	`{"Code":"` + "\x7f" + `"}`, `{"Code":"` + "\x01" + `"}`, `{"Code":"OK","Other":{"a":[1,2]}}`, `{"Code" "OK"}`,
	`{"Code":"OK"` + "\t\r\n}", `{"Code":"ed\xa0\x80"}`, `{"Code":"\xed\xa0\x80"}`, "\ufeff{\"Code\":\"OK\"}",
}

// requireDecodesAsJSON checks decodeAnswerBody against json.Unmarshal.
func requireDecodesAsJSON(t *testing.T, body string) (plain bool) {
	var want answerBody
	wantOK := json.Unmarshal([]byte(body), &want) == nil
	got, ok := decodeAnswerBody(body, []byte(body))
	require.Equal(t, wantOK, ok, "%q", body)
	if ok {
		require.Equal(t, want, got, "%q", body)
	}
	_, plain = plainAnswerBody(body)
	return plain
}

// TestDecodeAnswerBodyAsJSON: the answer decoder decodes as
// json.Unmarshal, on the seeds and on random bodies made of JSON's tokens
// and the answer's keys; it decodes most of them without json.Unmarshal.
func TestDecodeAnswerBodyAsJSON(t *testing.T) {
	for _, body := range answerBodySeeds {
		requireDecodesAsJSON(t, body)
	}
	keys := []string{`"Code"`, `"code"`, `"CODE"`, `"cOdE"`, `"Message"`, `"MESSAGE"`, `"RequestId"`, `"requestid"`,
		`"BizId"`, `"bizid"`, `"Biz_Id"`, `"Other"`, `""`, `"Meſſage"`, `"Cod"`, `"Codes"`, `"Co\u0064e"`, `"é"`}
	values := []string{`"OK"`, `""`, `"isv.X"`, `"触发分钟级流控"`, `"900619746936498440^0"`, `"a\"b"`, `"\u4e2d"`,
		`"` + "\xff" + `"`, `"` + "\x1f" + `"`, `"` + "\x7f" + `"`, `1`, `-0.5e3`, `null`, `true`, `{}`, `[]`,
		`{"Code":"OK"}`, `["x"]`, `"F655A8D5-B967-440B-8683-DAD6FF8DE990"`}
	spaces := []string{"", "", "", " ", "\n", "\t", "\r\n ", "\v", "\u00a0"}
	rng := rand.New(rand.NewPCG(3, 4))
	pick := func(s []string) string { return s[rng.IntN(len(s))] }
	n, plain := 200_000, 0
	if testing.Short() {
		n = 20_000
	}
	for range n {
		var b strings.Builder
		b.WriteString(pick(spaces) + "{" + pick(spaces))
		for m := rng.IntN(6); m > 0; m-- {
			b.WriteString(pick(keys) + pick(spaces) + ":" + pick(spaces) + pick(values) + pick(spaces))
			if m > 1 || rng.IntN(20) == 0 {
				b.WriteString("," + pick(spaces))
			}
		}
		b.WriteString("}" + pick(spaces))
		body := b.String()
		if rng.IntN(10) == 0 { // damaged: a byte cut, doubled or replaced
			i := rng.IntN(len(body))
			switch rng.IntN(3) {
			case 0:
				body = body[:i] + body[i+1:]
			case 1:
				body = body[:i] + body[i:i+1] + body[i:]
			default:
				body = body[:i] + pick([]string{"{", "}", `"`, ",", ":", "\\", "x", "\x00"}) + body[i+1:]
			}
		}
		if requireDecodesAsJSON(t, body) {
			plain++
		}
	}
	assert.Greater(t, plain, n/20, "the plain path decides many bodies")
}

// FuzzDecodeAnswerBody: the answer decoder decodes as json.Unmarshal.
//
//	go test -run '^$' -fuzz FuzzDecodeAnswerBody -fuzztime 60s ./provider/aliyun/
func FuzzDecodeAnswerBody(f *testing.F) {
	for _, body := range answerBodySeeds {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body string) { requireDecodesAsJSON(t, body) })
}

// within reports whether sub's bytes lie in s's memory.
func within(s, sub string) bool {
	start, p := uintptr(unsafe.Pointer(unsafe.StringData(s))), uintptr(unsafe.Pointer(unsafe.StringData(sub)))
	return sub != "" && p >= start && p < start+uintptr(len(s))
}

// TestLargeAnswerFieldsAreCopies: the fields of a body longer than
// maxSharedAnswer are copies, so that a Result's ids do not keep it alive;
// those of a short one share its memory.
func TestLargeAnswerFieldsAreCopies(t *testing.T) {
	for _, size := range []int{0, maxSharedAnswer} {
		body := `{"Code":"OK","BizId":"1^0","Message":"` + strings.Repeat("x", size) + `"}`
		b, ok := decodeAnswerBody(body, []byte(body))
		require.True(t, ok)
		assert.Equal(t, answerBody{Code: "OK", BizID: "1^0", Message: strings.Repeat("x", size)}, b)
		assert.Equal(t, len(body) <= maxSharedAnswer, within(body, b.BizID), "size %d", size)
	}
}
