package transform

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/socdw/socdw"
)

// Two pages of a Kolada answer saved one after the other (as an http
// source keeps them), with a byte order mark and a name without ending,
// are one file of figures; a missing value (null) is no figure.
func TestKoladaPagesInOneFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "2023") // an API URL's last segment
	body := "\xEF\xBB\xBF" + `{"values": [{"kpi": "N33101", "municipality": "0182", "period": 2023,
		"values": [{"gender": "T", "value": 1210.5, "count": 1, "status": ""}, {"gender": "K", "value": null, "status": "Missing"}]}],
		"next_url": "https://api.kolada.se/v3/data/kpi/N33101/year/2023?page=2"}
{"values": [{"kpi": "N33101", "municipality": "G33880", "period": "2023", "values": [{"gender": "T", "value": 1199}]}], "next_url": null}
`
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := File(context.Background(), path, Options{Kommun: "Riket"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if len(b.Figures) != 2 {
		t.Fatalf("%d figures, want 2: %+v", len(b.Figures), b.Figures)
	}
	f := b.Figures[0]
	if f.Kommun != "Nacka" || f.Value != 1210_50 || f.Unit != socdw.UnitKrPerDay || f.Period != socdw.Year(2023) ||
		f.Ref.String() != "2023:1:1" || len(f.Dimensions) != 3 || f.Dimensions[1].Value != "0182" {
		t.Errorf("first figure: %+v", f)
	}
	if g := b.Figures[1]; g.Kommun != "G33880" || g.Value != 1199_00 {
		t.Errorf("a group keeps its code: %+v", g)
	}
}

func TestJSONThatIsNoKoladaAnswer(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.json")
	os.WriteFile(path, []byte(`{"rows": [1, 2]}`), 0o644)
	_, err := File(context.Background(), path, Options{Kommun: "Nacka"})
	if !errors.Is(err, errNotKolada) {
		t.Errorf("err = %v, want errNotKolada", err)
	}
}

// The Kolada reader never panics, whatever the JSON.
func FuzzKolada(f *testing.F) {
	f.Add([]byte(`{"values": [{"kpi": "N33100", "municipality": "0136", "period": 2023, "values": [{"gender": "T", "value": 3822.5}]}], "next_url": null}`))
	f.Add([]byte(`{"values": [{"kpi": "N33100", "municipality": "0136", "period": "x", "values": [{"value": 1e400}]}]}{"values": []}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		answer, err := parseKolada(body)
		if err != nil {
			return
		}
		for _, v := range answer.Values {
			for _, g := range v.Values {
				if g.Value != nil {
					koladaNumber(*g.Value)
				}
			}
		}
	})
}
