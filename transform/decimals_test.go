package transform

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/socdw/socdw"
)

// decimalTable is one report table whose value columns each write their
// own decimal convention:
//
//	B: "1.200" and "12,5": "12,5" can only be a decimal comma, so "1.200"
//	   is 1 200 kr (120 000 öre) and "12,5" is 12,50 kr (1 250 öre);
//	C: "1,200" and "3.75": "3.75" can only be a decimal point, so "1,200"
//	   is 1 200 kr (120 000 öre) and "3.75" is 3,75 kr (375 öre);
//	D: "1.234,50" and "1,234.50": one reads only with a decimal comma,
//	   the other only with a decimal point; both refused, "9" loads;
//	E: "1,200" and "2.500" alone say nothing, so the documented default
//	   holds: a comma, or a lone dot, is decimal: 1,20 kr and 2,50 kr.
var decimalTable = [][]string{
	{"Enhet", "Hyra kr", "Resor kr", "Övrigt kr", "Material kr"},
	{"Norr", "1.200", "1,200", "1.234,50", "1,200"},
	{"Söder", "12,5", "3.75", "1,234.50", "2.500"},
	{"Väst", "7", "8", "9", "10"},
}

// wantDecimals are the figures of decimalTable by cell, in öre, computed
// by hand above.
var wantDecimals = map[string]socdw.Amount{
	"B2": 120_000, "B3": 1_250, "B4": 700,
	"C2": 120_000, "C3": 375, "C4": 800,
	"D4": 900,
	"E2": 120, "E3": 250, "E4": 1_000,
}

func checkDecimals(t *testing.T, b *socdw.Batch) {
	t.Helper()
	got := map[string]socdw.Amount{}
	for _, f := range b.Figures {
		got[socdw.ColumnName(f.Ref.Col)+strconv.Itoa(f.Ref.Row)] = f.Value
	}
	for cell, want := range wantDecimals {
		if a, ok := got[cell]; !ok || a != want {
			t.Errorf("%s: %d öre (found %v), want %d", cell, a, ok, want)
		}
	}
	if len(got) != len(wantDecimals) {
		t.Errorf("figures %v, want exactly %v", got, wantDecimals)
	}
	if len(b.Rejects) != 2 {
		t.Fatalf("rejects %v, want D2 and D3", b.Rejects)
	}
	for i, want := range []struct {
		row            int
		comma, decimal string
	}{
		{2, "1 234,50 with a decimal comma", "no number with a decimal point"},
		{3, "no number with a decimal comma", "1 234,50 with a decimal point"},
	} {
		r := b.Rejects[i]
		if r.Ref.Row != want.row || r.Ref.Col != 4 {
			t.Errorf("reject %d at %v, want D%d", i, r.Ref, want.row)
		}
		for _, part := range []string{"D2 reads only with a decimal comma", "D3 only with a decimal point", want.comma, want.decimal} {
			if !strings.Contains(r.Reason, part) {
				t.Errorf("reject D%d: %q does not say %q", want.row, r.Reason, part)
			}
		}
	}
	evidence := map[string]string{}
	for _, c := range b.Tables[0].Columns {
		evidence[c.Letter] = c.Evidence
	}
	for col, want := range map[string]string{"B": "decimal comma (B3)", "C": "decimal point (C3)", "D": "decimal comma (D2) and decimal point (D3) both"} {
		if !strings.Contains(evidence[col], want) {
			t.Errorf("column %s evidence %q does not say %q", col, evidence[col], want)
		}
	}
	if strings.Contains(evidence["E"], "decimal") {
		t.Errorf("column E has no decisive cell, yet its evidence says %q", evidence["E"])
	}
}

func TestDecimalConventionPerColumnCSV(t *testing.T) {
	var lines []string
	for _, r := range decimalTable {
		lines = append(lines, strings.Join(r, ";"))
	}
	checkDecimals(t, readCSV(t, "kostnader_2025.csv", lines...))
}

// The same table in a workbook, the figures typed as text (as a paste
// from another program leaves them), except row 4, whose cells are real
// numbers: a raw number has no convention to follow.
func TestDecimalConventionPerColumnXLSX(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	for r, row := range decimalTable {
		for c, v := range row {
			ref, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				t.Fatal(err)
			}
			if r == 3 && c > 0 {
				err = f.SetCellValue(f.GetSheetName(0), ref, 7+c-1) // 7, 8, 9, 10
			} else {
				err = f.SetCellStr(f.GetSheetName(0), ref, v)
			}
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	path := filepath.Join(t.TempDir(), "kostnader_2025.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	b, err := File(context.Background(), path, Options{Today: time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	checkDecimals(t, b)
}
