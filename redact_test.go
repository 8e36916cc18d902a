package socdw

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// pnr is a fictitious personnummer with a wrong check digit (19550505-7836
// would be valid with a 5): a mistyped number still names a person.
const testPnr = "19550505-7836"

// fill sets every string reachable from v (fields, slices of structs,
// nested structs) to text, with one element in each slice, so that a new
// text field added to Batch is covered by this test without editing it.
func fill(v reflect.Value, text string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(text)
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(Amount(0)) {
			return
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), text)
			}
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 1, 1)
		fill(s.Index(0), text)
		v.Set(s)
	}
}

// strs collects every string reachable from v with its path.
func strs(v reflect.Value, path string, out map[string]string) {
	switch v.Kind() {
	case reflect.String:
		out[path] = v.String()
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				strs(v.Field(i), path+"."+v.Type().Field(i).Name, out)
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			strs(v.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	}
}

// Every text of a batch, including ones added after this test was
// written, leaves Redact without the number; each place gets a finding.
func TestBatchRedactCoversEveryText(t *testing.T) {
	var b Batch
	fill(reflect.ValueOf(&b).Elem(), "Familjen Berg "+testPnr)
	// Person keys are pseudonyms by construction; paths of temporary
	// booking and ledger files are socdw's own.
	for i := range b.Placements {
		b.Placements[i].PersonKey = strings.Repeat("ab", 32)
	}
	b.Bookings.Dir, b.Bookings.Parts, b.LedgerFiles.Parts = "", nil, nil
	b.FigureFiles.Dir, b.FigureFiles.Parts = "", nil
	before := len(b.Findings)
	if n := b.Redact(); n == 0 {
		t.Fatal("nothing redacted")
	}
	got := map[string]string{}
	strs(reflect.ValueOf(b), "Batch", got)
	for path, s := range got {
		if strings.Contains(strings.ReplaceAll(s, "-", ""), "195505057836") || strings.Contains(s, "7836") {
			t.Errorf("%s still holds the number: %q", path, s)
		}
	}
	if len(b.Findings) <= before {
		t.Error("no personal_data finding added")
	}
	for _, f := range b.Findings[before:] {
		if f.Kind != FindingPersonalData || strings.Contains(f.Message, "7836") {
			t.Errorf("finding %+v", f)
		}
	}
	// A second pass finds nothing: load can apply it again safely.
	if n := b.Redact(); n != 0 {
		t.Errorf("second Redact changed %d texts", n)
	}
}

func TestCleanNameKeepsDirectories(t *testing.T) {
	got := CleanName("/srv/inbox/2719384756/placering 19121212-1212.xlsx")
	if got != "/srv/inbox/2719384756/placering [personnummer].xlsx" {
		t.Errorf("CleanName: %q", got)
	}
	if got := CleanName("https://u:p@h.example/a.csv?token=x"); got != "https://***@h.example/a.csv?token=***" {
		t.Errorf("CleanName URL: %q", got)
	}
}

// BenchmarkBatchRedact: the gate over a batch of 100 000 figures without
// personal data, as a large report gives.
func BenchmarkBatchRedact(b *testing.B) {
	var batch Batch
	for i := 0; i < 100_000; i++ {
		batch.Figures = append(batch.Figures, Figure{Ref: CellRef{File: "/srv/inbox/nacka_2017-10.xlsx", Sheet: "Ekonomisk tabell", Row: i, Col: 3},
			Subject: "Beställaravdelningar (myndighet) > Barn och unga", Measure: "Ack utfall 2017 > Utfall netto",
			Dimensions: []Dimension{{Name: "Kommun", Value: "Nacka"}}})
	}
	b.ResetTimer()
	for b.Loop() {
		batch.Redact()
	}
}
