package sms

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/nyaruka/phonenumbers"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cnMetadata is libphonenumber's metadata for mainland China.
func cnMetadata(t testing.TB) *phonenumbers.PhoneMetadata {
	coll, err := phonenumbers.MetadataCollection()
	require.NoError(t, err)
	for _, md := range coll.GetMetadata() {
		if md.GetId() == "CN" {
			return md
		}
	}
	t.Fatal("no CN metadata")
	return nil
}

// TestMainlandMobilePrefixesMatchMetadata derives the mainland mobile
// prefixes from libphonenumber's own metadata, for every five-digit start
// 10000-19999, and checks the hand-written table against them: the mobile
// pattern matches every tried continuation of a start in the table and none
// of a start outside it. It also checks the fast path's other claims about
// those numbers: the general pattern accepts them, and neither the
// international prefix nor the national prefix / carrier code patterns,
// which Parse strips, match their start.
func TestMainlandMobilePrefixesMatchMetadata(t *testing.T) {
	fp, ok := mainlandFingerprint()
	require.True(t, ok)
	require.Equal(t, fmt.Sprintf("%#x", uint64(mainlandMetadataFingerprint)), fmt.Sprintf("%#x", fp),
		"libphonenumber's mainland metadata changed: re-derive mainlandMobilePrefixes (this test tells which "+
			"starts differ once the fingerprint is updated), then update mainlandMetadataFingerprint")
	require.NotNil(t, mainlandPlanIfCurrent(), "the fast path is on with the metadata it was checked against")

	md := cnMetadata(t)
	anchored := func(p string) *regexp.Regexp { return regexp.MustCompile("^(?:" + p + ")$") }
	mobile := anchored(md.GetMobile().GetNationalNumberPattern())
	general := anchored(md.GetGeneralDesc().GetNationalNumberPattern())
	startsWith := func(p string) *regexp.Regexp { return regexp.MustCompile("^(?:" + p + ")") }
	idd := startsWith(md.GetInternationalPrefix())
	ndd := startsWith(md.GetNationalPrefixForParsing())
	require.Contains(t, md.GetMobile().GetPossibleLength(), int32(11))

	plan := newMainlandPlan(mainlandMobilePrefixes)
	r := rand.New(rand.NewPCG(86, 1))
	inTable := 0
	for start := 10000; start <= 19999; start++ {
		head := strconv.Itoa(start)
		suffixes := []string{"000000", "999999"}
		for range prefixContinuations - 2 {
			suffixes = append(suffixes, fmt.Sprintf("%06d", r.IntN(1_000_000)))
		}
		want := plan.isMobile([]byte(head + "000000"))
		if want {
			inTable++
		}
		for _, s := range suffixes {
			n := head + s
			require.Equal(t, want, mobile.MatchString(n), "start %s: the table says mobile=%v, the metadata's mobile pattern disagrees on %s", head, want, n)
			if want {
				require.True(t, general.MatchString(n), n)
				require.False(t, idd.MatchString(n), "%s starts with an international prefix", n)
				require.False(t, ndd.MatchString(n), "%s starts with a national prefix or carrier code", n)
			}
		}
	}
	t.Logf("%d of 10,000 five-digit starts are mobile", inTable)
}

// TestMainlandFastPathOffWithOtherMetadata: the table is used only with
// the metadata it was checked against, and only if that can be read.
func TestMainlandFastPathOffWithOtherMetadata(t *testing.T) {
	fp, ok := mainlandFingerprint()
	require.True(t, ok)
	assert.NotNil(t, mainlandPlanFor(fp, true))
	assert.Nil(t, mainlandPlanFor(fp+1, true), "other metadata")
	assert.Nil(t, mainlandPlanFor(fp, false), "unreadable metadata")
}

// phoneCase is one input of the differential test.
type phoneCase struct {
	raw, region string
	// mobileShape marks a mainland mobile number written in a shape the
	// mainland fast path claims: if libphonenumber finds it a valid mobile
	// number, the fast path must have decided it.
	mobileShape bool
}

// phoneCaseGen draws differential inputs: mainland numbers in every form
// the fast path reads and near misses of them, and numbers of every country
// calling code in E.164 and in the national form of each of its regions,
// random or close to libphonenumber's example numbers.
type phoneCaseGen struct {
	ccs      []int
	regions  map[int][]string
	examples map[int][]string // national significant numbers per country code
	// strippable are digit strings that the national-prefix-for-parsing
	// pattern of a country code's main region matches: a national prefix
	// or a carrier code, which Parse may strip after the country code.
	strippable map[int][]string
	// lengths are the possible lengths of a country code's national
	// numbers (its main region's).
	lengths map[int][]int32
}

func newPhoneCaseGen() *phoneCaseGen {
	g := &phoneCaseGen{regions: map[int][]string{}, examples: map[int][]string{}, strippable: map[int][]string{}, lengths: map[int][]int32{}}
	for cc := range phonenumbers.GetSupportedCallingCodes() {
		g.ccs = append(g.ccs, cc)
		g.regions[cc] = phonenumbers.GetRegionCodesForCountryCode(cc)
	}
	slices.Sort(g.ccs)
	types := []phonenumbers.PhoneNumberType{
		phonenumbers.FIXED_LINE, phonenumbers.MOBILE, phonenumbers.TOLL_FREE, phonenumbers.PREMIUM_RATE,
		phonenumbers.SHARED_COST, phonenumbers.VOIP, phonenumbers.PERSONAL_NUMBER, phonenumbers.PAGER,
		phonenumbers.UAN, phonenumbers.VOICEMAIL,
	}
	for _, cc := range g.ccs {
		for _, region := range g.regions[cc] {
			for _, typ := range types {
				var ex *phonenumbers.PhoneNumber
				if region == "001" {
					ex = phonenumbers.GetExampleNumberForNonGeoEntity(cc)
				} else {
					ex = phonenumbers.GetExampleNumberForType(region, typ)
				}
				if ex != nil {
					g.examples[cc] = append(g.examples[cc], phonenumbers.GetNationalSignificantNumber(ex))
				}
			}
		}
		slices.Sort(g.examples[cc])
		g.examples[cc] = slices.Compact(g.examples[cc])
	}
	// What each pattern matches at the start of random digits.
	r := rand.New(rand.NewPCG(375, 8))
	coll, _ := phonenumbers.MetadataCollection()
	for _, md := range coll.GetMetadata() {
		cc := int(md.GetCountryCode())
		if md.GetId() != phonenumbers.GetRegionCodeForCountryCode(cc) {
			continue
		}
		g.lengths[cc] = md.GetGeneralDesc().GetPossibleLength()
		if md.GetNationalPrefixForParsing() == "" {
			continue
		}
		re := regexp.MustCompile("^(?:" + md.GetNationalPrefixForParsing() + ")")
		for range 64 {
			if d := digits(r, 6); re.MatchString(d) {
				if loc := re.FindStringIndex(d); loc[1] > 0 {
					g.strippable[cc] = append(g.strippable[cc], d[:loc[1]])
				}
			}
		}
		slices.Sort(g.strippable[cc])
		g.strippable[cc] = slices.Compact(g.strippable[cc])
	}
	return g
}

// strippableCases are E.164 numbers whose national part starts with what
// Parse may strip after the country code: for every country code, every
// strippable prefix and every second of two digits after it (every
// every-th), the rest random up to each of the code's possible lengths. The
// E.164 fast path must leave them all to libphonenumber, or agree with it.
func (g *phoneCaseGen) strippableCases(every int) []phoneCase {
	r := rand.New(rand.NewPCG(375, 810))
	var cases []phoneCase
	for _, cc := range g.ccs {
		for _, pre := range g.strippable[cc] {
			for next := 0; next < 100; next += every {
				for _, l := range g.lengths[cc] {
					if rest := int(l) - len(pre) - 2; rest >= 0 {
						cases = append(cases, phoneCase{raw: fmt.Sprintf("+%d%s%02d%s", cc, pre, next, digits(r, rest)), region: "ZZ"})
					}
				}
			}
		}
	}
	return cases
}

func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// group splits the digits of s with single spaces or hyphens at random
// places.
func group(r *rand.Rand, s string) string {
	var b strings.Builder
	for i := range len(s) {
		if i > 0 && s[i-1] != '+' && r.IntN(4) == 0 {
			b.WriteByte(" -"[r.IntN(2)])
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// mangle breaks s the ways typed numbers break.
func mangle(r *rand.Rand, s string) string {
	switch r.IntN(8) {
	case 0:
		return s + " "
	case 1:
		return " " + s
	case 2:
		return strings.Replace(s, s[len(s)/2:len(s)/2+1], "  ", 1)
	case 3:
		return s + "-"
	case 4:
		return "(" + s[:3] + ")" + s[3:]
	case 5:
		return s[:len(s)-1]
	case 6:
		return s + digits(r, 1)
	default:
		return strings.Replace(s, s[1:2], "\uff11", 1) // a full-width digit
	}
}

func (g *phoneCaseGen) next(r *rand.Rand) phoneCase {
	switch k := r.IntN(100); {
	case k < 45: // a mainland number starting with 1
		d := "1" + digits(r, 10)
		switch r.IntN(6) {
		case 0, 1:
			return phoneCase{raw: "+86" + d, region: g.anyRegion(r), mobileShape: true}
		case 2:
			return phoneCase{raw: d, region: "CN", mobileShape: true}
		case 3:
			if r.IntN(2) == 0 {
				return phoneCase{raw: group(r, "+86"+d), region: g.anyRegion(r), mobileShape: true}
			}
			return phoneCase{raw: group(r, d), region: "CN", mobileShape: true}
		case 4:
			return phoneCase{raw: d, region: g.anyRegion(r)} // national form, another region
		default:
			forms := []string{"86" + d, "0086" + d, "+860" + d, "0" + d, "+86" + d[:10], d[:10], "+86" + d + digits(r, 1), d + digits(r, 1)}
			raw := forms[r.IntN(len(forms))]
			if r.IntN(2) == 0 {
				raw = mangle(r, raw)
			}
			return phoneCase{raw: raw, region: "CN"}
		}
	case k < 50: // mainland, the first digit anything
		d := digits(r, 9+r.IntN(4))
		if r.IntN(2) == 0 {
			return phoneCase{raw: "+86" + d, region: "CN"}
		}
		return phoneCase{raw: d, region: "CN"}
	case k < 95: // every country code
		cc := g.ccs[r.IntN(len(g.ccs))]
		var nsn string
		if ex := g.examples[cc]; len(ex) > 0 && r.IntN(3) > 0 {
			// an example number, its tail replaced, sometimes lengthened,
			// shortened or given a prefix digit
			e := ex[r.IntN(len(ex))]
			keep := r.IntN(len(e) + 1)
			if r.IntN(3) > 0 { // mostly the tail only: more valid numbers
				keep = len(e) - r.IntN(len(e)/2+1)
			}
			nsn = e[:keep] + digits(r, len(e)-keep)
			switch r.IntN(6) {
			case 0:
				nsn = digits(r, 1+r.IntN(2)) + nsn
			case 1:
				nsn += digits(r, 1)
			case 2:
				if len(nsn) > 1 {
					nsn = nsn[:len(nsn)-1]
				}
			}
		} else {
			nsn = digits(r, 1+r.IntN(15))
		}
		regions := g.regions[cc]
		region := regions[r.IntN(len(regions))]
		switch r.IntN(4) {
		case 0, 1:
			if st := g.strippable[cc]; len(st) > 0 && r.IntN(3) == 0 {
				// a national prefix or carrier code after the country
				// code, which Parse may strip ("+375 8 10..."), and
				// about as many digits as before
				pre := st[r.IntN(len(st))]
				nsn = pre + digits(r, max(len(nsn)-len(pre), 1)+r.IntN(2))
			}
			return phoneCase{raw: "+" + strconv.Itoa(cc) + nsn, region: g.anyRegion(r)}
		case 2:
			if region == "001" {
				region = g.anyRegion(r)
			}
			ndd := phonenumbers.GetNddPrefixForRegion(region, true)
			return phoneCase{raw: ndd + nsn, region: region}
		default:
			return phoneCase{raw: group(r, "+"+strconv.Itoa(cc)+nsn), region: g.anyRegion(r)}
		}
	default: // leading zeros, garbage, separators where they do not belong
		forms := []string{
			"+0" + strconv.Itoa(g.ccs[r.IntN(len(g.ccs))]) + digits(r, 6+r.IntN(8)),
			"+00" + digits(r, 8+r.IntN(6)),
			"+" + digits(r, 1+r.IntN(18)),
			"+-86" + "1" + digits(r, 10),
			"+86 " + " 1" + digits(r, 10),
			"1" + digits(r, 10) + "\n",
			"+86" + "1" + digits(r, 4) + "x" + digits(r, 5),
			"",
		}
		return phoneCase{raw: forms[r.IntN(len(forms))], region: g.anyRegion(r)}
	}
}

func (g *phoneCaseGen) anyRegion(r *rand.Rand) string {
	switch r.IntN(8) {
	case 0:
		return "ZZ"
	case 1:
		return "US"
	}
	cc := g.ccs[r.IntN(len(g.ccs))]
	regions := g.regions[cc]
	if region := regions[r.IntN(len(regions))]; region != "001" {
		return region
	}
	return "CN"
}

// differentialStats counts what a differential run checked.
type differentialStats struct {
	inputs, mainland, e164, compared, coverage, mobiles atomic.Int64
}

// checkAgainstLibphonenumber runs one input through the fast paths and,
// when one of them decides it, through libphonenumber, and reports any
// disagreement. An input no fast path decides is answered by libphonenumber
// itself (parsePhone falls through to parsePhoneFull), so there is nothing
// to compare; but for a mainland number in a form the mainland path reads,
// it checks, when sample is set, that the path missed no mobile number.
func checkAgainstLibphonenumber(c phoneCase, sample bool, st *differentialStats) error {
	st.inputs.Add(1)
	mp, mok := parseMainlandMobile(c.raw, c.region)
	ep, eok := parseE164(c.raw)
	if mok {
		st.mainland.Add(1)
	}
	if eok {
		st.e164.Add(1)
	}
	if !mok && !eok && !(sample && c.mobileShape) {
		return nil
	}
	st.compared.Add(1)
	want, wantErr := parsePhoneFull(c.raw, c.region)
	for _, fast := range []struct {
		name string
		p    Phone
		ok   bool
	}{{"mainland", mp, mok}, {"E.164", ep, eok}} {
		if fast.ok && (wantErr != nil || fast.p != want) {
			return fmt.Errorf("%q (region %q): %s fast path says %+v, libphonenumber says %+v, %v",
				c.raw, c.region, fast.name, fast.p, want, wantErr)
		}
	}
	if mok || eok {
		if got, gotErr := parsePhone(c.raw, c.region); got != want || gotErr != nil {
			return fmt.Errorf("%q (region %q): parsePhone %+v, %v; libphonenumber %+v", c.raw, c.region, got, gotErr, want)
		}
	}
	if c.mobileShape && wantErr == nil && want.CountryCode == 86 {
		st.coverage.Add(1)
		cc := int32(86)
		nn, _ := strconv.ParseUint(want.National, 10, 64)
		if phonenumbers.GetNumberType(&phonenumbers.PhoneNumber{CountryCode: &cc, NationalNumber: &nn}) == phonenumbers.MOBILE {
			st.mobiles.Add(1)
			if !mok {
				return fmt.Errorf("%q (region %q): a mainland mobile number the mainland fast path did not decide", c.raw, c.region)
			}
		}
	}
	return nil
}

// TestParsePhoneDifferential is the bounded differential run for CI, the
// same inputs on every run: first every five-digit mainland mobile start
// (one random continuation each) in both forms (in one, alternately, under
// the race detector), E.164 numbers that start with what Parse may strip
// (strippableCases), then differentialInputs pseudo-random inputs (fewer
// under the race detector). Every input a fast
// path decides is checked against libphonenumber, and one in four mainland
// numbers in a form the mainland path reads is checked for a missed mobile
// number. FuzzParsePhoneFastPath explores further.
func TestParsePhoneDifferential(t *testing.T) {
	if testing.Short() {
		t.Skip("the differential run takes seconds")
	}
	began := time.Now()
	g := newPhoneCaseGen()
	plan := newMainlandPlan(mainlandMobilePrefixes)

	// Work comes in chunks seeded by their index, so that the inputs do
	// not depend on how many workers draw them. The first ten chunks are
	// the mobile starts, a thousand starts each, the next four the
	// strippable cases.
	const chunk = 4096
	strippable := g.strippableCases(differentialStrippableEvery)
	chunks := 14 + (differentialInputs+chunk-1)/chunk
	var (
		starts, bait, st differentialStats
		next             atomic.Int64
		mu               sync.Mutex
		failures         []error
		wg               sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		failures = append(failures, err)
		mu.Unlock()
		next.Store(int64(chunks)) // stop everyone
	}
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for {
				i := next.Add(1) - 1
				if i >= int64(chunks) {
					return
				}
				r := rand.New(rand.NewPCG(20261127, uint64(i)))
				if i < 10 {
					for start := 10000 + 1000*int(i); start < 11000+1000*int(i); start++ {
						d := strconv.Itoa(start) + digits(r, 6)
						if !plan.isMobile([]byte(d)) {
							continue
						}
						cases := []phoneCase{
							{raw: "+86" + d, region: "ZZ", mobileShape: true},
							{raw: d, region: "CN", mobileShape: true},
						}
						if !differentialStartsBothForms {
							cases = cases[start%2 : start%2+1]
						}
						for _, c := range cases {
							if err := checkAgainstLibphonenumber(c, true, &starts); err != nil {
								fail(err)
								return
							}
						}
					}
					continue
				}
				if i < 14 {
					for j := int(i) - 10; j < len(strippable); j += 4 {
						if err := checkAgainstLibphonenumber(strippable[j], false, &bait); err != nil {
							fail(err)
							return
						}
					}
					continue
				}
				for j := range chunk {
					if err := checkAgainstLibphonenumber(g.next(r), j%4 == 0, &st); err != nil {
						fail(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	for _, err := range failures {
		t.Error(err)
	}
	t.Logf("%d E.164 numbers starting with a strippable prefix, %d decided by the E.164 path; "+
		"%d checks of mobile starts (both forms: %v); %d pseudo-random inputs: %d decided by the mainland path, %d by the E.164 path, "+
		"%d compared with libphonenumber; of %d valid mainland numbers checked for a missed mobile, %d mobile, all decided by the fast path; %v",
		bait.inputs.Load(), bait.e164.Load(), starts.mobiles.Load(), differentialStartsBothForms, st.inputs.Load(), st.mainland.Load(), st.e164.Load(), st.compared.Load(), st.coverage.Load(), st.mobiles.Load(),
		time.Since(began).Round(time.Millisecond))
	if differentialStartsBothForms {
		assert.Equal(t, int64(2*5206), starts.mobiles.Load(), "every mobile start in both forms")
	} else {
		assert.Equal(t, int64(5206), starts.mobiles.Load(), "every mobile start in one form")
	}
	assert.Greater(t, st.mainland.Load(), int64(differentialInputs/10), "the inputs exercise the mainland path")
	assert.Greater(t, st.e164.Load(), int64(differentialInputs/10), "the inputs exercise the E.164 path")
}

// phoneFuzzSeeds are the seed corpus of FuzzParsePhoneFastPath: the inputs
// that broke a fast path once and the forms each path reads.
var phoneFuzzSeeds = []struct{ raw, region string }{
	{"+04770000000", "ZZ"},   // a leading zero is no country code (was read as Norway, +47)
	{"+014155552671", "US"},  // ... nor as +1
	{"+3758108918981", "ZZ"}, // Belarus: Parse strips the national prefix 8
	{"+8613800138000", "CN"},
	{"13800138000", "CN"},
	{"13800138000", "US"},
	{"+86 138-0013-8000", ""},
	{"138 0013 8000", "CN"},
	{"8613800138000", "CN"},
	{"+8617400512345", "CN"},
	{"+8617406512345", "CN"},
	{"+8612593123456", "CN"},
	{"17951001234", "CN"},
	{"+12025550143", "CA"},
	{"+442079460958", ""},
	{"+5491123456789", "AR"},
	{"+390612345678", "IT"},
	{"", ""},
}

// FuzzParsePhoneFastPath compares ParsePhone's fast paths with
// libphonenumber on any input: whatever a fast path decides, libphonenumber
// must decide the same, and ParsePhone's answer (number or error text) must
// be libphonenumber's.
//
//	go test -run '^$' -fuzz '^FuzzParsePhoneFastPath$' -fuzztime 10m .
func FuzzParsePhoneFastPath(f *testing.F) {
	for _, s := range phoneFuzzSeeds {
		f.Add(s.raw, s.region)
	}
	f.Fuzz(func(t *testing.T, raw, region string) {
		if err := checkAgainstLibphonenumber(phoneCase{raw: raw, region: region}, true, &differentialStats{}); err != nil {
			t.Fatal(err)
		}
		if region == "" {
			region = DefaultRegion
		}
		want, wantErr := parsePhoneFull(raw, region)
		got, gotErr := ParsePhone(raw, region)
		if got != want || fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Fatalf("%q (region %q): ParsePhone %+v, %v; libphonenumber %+v, %v", raw, region, got, gotErr, want, wantErr)
		}
	})
}

// TestParseE164GuardIsNarrow: the E.164 path leaves to libphonenumber only
// the numbers that start with what Parse strips, not every number of a
// country whose prefix pattern is optional (Argentina's matches the empty
// string: it strips nothing from "+54 11 ...").
func TestParseE164GuardIsNarrow(t *testing.T) {
	examples, guarded := 0, 0
	for region := range phonenumbers.GetSupportedRegions() {
		for typ := phonenumbers.FIXED_LINE; typ <= phonenumbers.VOICEMAIL; typ++ {
			ex := phonenumbers.GetExampleNumberForType(region, typ)
			if ex == nil {
				continue
			}
			cc, national, ok := splitE164(phonenumbers.Format(ex, phonenumbers.E164))
			if !ok || national[0] == '0' {
				continue
			}
			examples++
			code, _ := strconv.Atoi(cc)
			if startsWithNationalPrefix(code, national) {
				guarded++
			}
		}
	}
	t.Logf("%d of %d example numbers go to libphonenumber for their prefix", guarded, examples)
	assert.Less(t, guarded*50, examples, "under 2%")
	for _, typ := range []phonenumbers.PhoneNumberType{phonenumbers.FIXED_LINE, phonenumbers.MOBILE} {
		ex := phonenumbers.GetExampleNumberForType("AR", typ)
		_, ok := parseE164(phonenumbers.Format(ex, phonenumbers.E164))
		assert.True(t, ok, "Argentina %v", typ)
	}
}
