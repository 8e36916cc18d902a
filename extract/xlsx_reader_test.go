package extract

import (
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/socdw/socdw"
	"github.com/socdw/socdw/internal/fixture"
)

// cellsOf reads the first sheet of a workbook into "A1" -> cell and style.
func cellsOf(t *testing.T, path string) (map[string]Cell, map[string]CellStyle) {
	t.Helper()
	wb, err := OpenXLSX(path, XLSXOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	sh, err := wb.SheetAt(0)
	if err != nil {
		t.Fatal(err)
	}
	cells, styles := map[string]Cell{}, map[string]CellStyle{}
	for sh.Next() {
		r := sh.Row()
		for i, c := range r.Cells {
			if c.Kind == KindEmpty {
				continue
			}
			ref := socdw.ColumnName(i+1) + strconv.Itoa(r.Num)
			cells[ref] = c
			styles[ref] = sh.(Styler).Style(r.Num, i+1)
		}
	}
	if err := sh.Err(); err != nil {
		t.Fatal(err)
	}
	return cells, styles
}

// What each producer's shape holds, read by hand from the XML written in
// fixture/producers.go.
func TestProducerShapesCellByCell(t *testing.T) {
	paths, err := fixture.ProducerWorkbooks(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		text  string
		kind  Kind
		style CellStyle
	}
	cases := map[string]map[string]want{
		"excel": {
			"A1": {"Verksamhet, tkr", KindText, CellStyle{}},                   // two rich-text runs
			"A2": {"Barn och unga", KindText, CellStyle{Indent: 2}},            // alignment indent
			"A3": {"Vuxna 21-64 år", KindText, CellStyle{Indent: 2}},           // the phonetic run left out
			"B2": {"-88552", KindNumber, CellStyle{}},                          // #,##0
			"D2": {"1.0238881668709387", KindNumber, CellStyle{Percent: true}}, // built-in 10: 0.00%
			"D3": {"42766", KindNumber, CellStyle{Date: true}},                 // built-in 14: a date
			"A5": {"Summa & andel", KindText, CellStyle{}},
			"B5": {"-120081000", KindNumber, CellStyle{Thousands: 1}}, // '#,##0,' shows tkr
			"C5": {"-124177000", KindNumber, CellStyle{Thousands: 1}}, // a shared formula's cached value
		},
		"libreoffice": {
			"D2": {"1", KindNumber, CellStyle{}}, // t="b": the raw 1, as excelize gives it
			"B3": {"-31529", KindNumber, CellStyle{}},
			"A2": {"Barn och unga", KindText, CellStyle{Indent: 2}},
		},
		"googlesheets": {
			"A1": {"Verksamhet, tkr ", KindText, CellStyle{}}, // xml:space="preserve"
			"B2": {"-88552.0", KindNumber, CellStyle{}},
			"D2": {"över", KindText, CellStyle{}}, // t="str": a formula's text
		},
		"openpyxl": {
			"C3": {"-37691", KindNumber, CellStyle{}},
		},
		"sdkexport": {
			"A2": {"Barn & unga", KindText, CellStyle{}},               // &amp;
			"A3": {"Vuxna 21-64 år", KindText, CellStyle{}},            // &#229;
			"C3": {"-37691", KindNumber, CellStyle{}},                  // no r: the third cell of the third row
			"A5": {`Not: <tkr> "netto" '2017'`, KindText, CellStyle{}}, // runs, entities; row 4 empty
		},
	}
	for name, wants := range cases {
		cells, styles := cellsOf(t, paths[name])
		for ref, w := range wants {
			c := cells[ref]
			if c.Text != w.text || c.Kind != w.kind || styles[ref] != w.style {
				t.Errorf("%s %s: %q kind %d style %+v, want %q kind %d style %+v", name, ref, c.Text, c.Kind, styles[ref], w.text, w.kind, w.style)
			}
		}
	}
}

// A workbook saved with the 1904 date system stores 2017-01-31 as 41304
// (42766 - 1462); socdw reads dates in the 1900 system, so a date-styled
// number comes out as 42766. A number without a date style is left as is.
func TestDate1904IsReadAsThe1900Serial(t *testing.T) {
	parts := fixture.WorkbookParts([]fixture.Sheet{{Name: "Blad1", Data: `<row r="1"><c r="A1" s="5"><v>41304</v></c><c r="B1" s="5"><v>41304.375</v></c><c r="C1"><v>41304</v></c></row>`}},
		"", fixture.ProducerStyles, false)
	for i, p := range parts {
		if p.Name == "xl/workbook.xml" {
			var b strings.Builder
			p.Body(&b)
			parts[i] = fixture.TextPart(p.Name, strings.Replace(b.String(), "<sheets>", `<workbookPr date1904="1"/><sheets>`, 1))
		}
	}
	path, err := fixture.WriteZip(filepath.Join(t.TempDir(), "mac.xlsx"), parts)
	if err != nil {
		t.Fatal(err)
	}
	cells, _ := cellsOf(t, path)
	for ref, want := range map[string]string{"A1": "42766", "B1": "42766.375", "C1": "41304"} {
		if cells[ref].Text != want {
			t.Errorf("%s: %q, want %q", ref, cells[ref].Text, want)
		}
	}
}

// A chart sheet holds no cells and is passed over; a hidden sheet is read
// like any other, in workbook order (the order of workbook.xml, not of the
// relationships or the archive).
func TestChartSheetsSkippedHiddenSheetsRead(t *testing.T) {
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	sheet := func(v string) string {
		return `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>` + v + `</t></is></c></row></sheetData></worksheet>`
	}
	parts := []fixture.Part{
		fixture.TextPart("[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`),
		fixture.TextPart("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="`+rel+`/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
		fixture.TextPart("xl/workbook.xml", `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="`+rel+`"><sheets>`+
			`<sheet name="Diagram1" sheetId="3" r:id="rId3"/><sheet name="Dold" sheetId="2" state="hidden" r:id="rId2"/><sheet name="Blad1" sheetId="1" r:id="rId1"/></sheets></workbook>`),
		fixture.TextPart("xl/_rels/workbook.xml.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`+
			`<Relationship Id="rId1" Type="`+rel+`/worksheet" Target="worksheets/sheet1.xml"/>`+
			`<Relationship Id="rId2" Type="`+rel+`/worksheet" Target="/xl/worksheets/sheet2.xml"/>`+
			`<Relationship Id="rId3" Type="`+rel+`/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>`),
		fixture.TextPart("xl/worksheets/sheet1.xml", sheet("synlig")),
		fixture.TextPart("xl/worksheets/sheet2.xml", sheet("dold")),
		fixture.TextPart("xl/chartsheets/sheet1.xml", `<chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>`),
	}
	path, err := fixture.WriteZip(filepath.Join(t.TempDir(), "charts.xlsx"), parts)
	if err != nil {
		t.Fatal(err)
	}
	cells, err := readAllCells(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(cells, "|"); got != "Dold: dold|Blad1: synlig" {
		t.Errorf("got %q, want the hidden sheet then Blad1, no chart sheet", got)
	}
}

// A sheet left before its end is stopped by the workbook's Close: no
// inflating goroutine outlives the workbook.
func TestCloseStopsASheetLeftHalfRead(t *testing.T) {
	// 40 000 rows, some 2 MiB of XML: more than the read-ahead holds, so
	// its goroutine waits for the reader when the reader stops.
	var rows strings.Builder
	for r := 1; r <= 40_000; r++ {
		rows.WriteString(`<row r="` + strconv.Itoa(r) + `"><c r="A` + strconv.Itoa(r) + `"><v>-88552</v></c></row>`)
	}
	path, err := fixture.WriteZip(filepath.Join(t.TempDir(), "long.xlsx"),
		fixture.WorkbookParts([]fixture.Sheet{{Name: "Blad1", Data: rows.String()}}, "", "", false))
	if err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	wb, err := OpenXLSX(path, XLSXOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sh, err := wb.SheetAt(0)
	if err != nil {
		t.Fatal(err)
	}
	if !sh.Next() {
		t.Fatal("no first row")
	}
	wb.Close()
	for i := 0; i < 100 && runtime.NumGoroutine() > before; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after Close, %d before", n, before)
	}
}

// A cell typed as text whose text looks like a raw number with a dot
// ("1.200", typed or pasted) is text: its dot may group thousands, which
// only its column can tell. A number cell with the same digits, and text
// of digits alone, stay numbers.
func TestDottedTextIsText(t *testing.T) {
	parts := fixture.WorkbookParts([]fixture.Sheet{{Name: "Blad1", Data: `<row r="1">` +
		`<c r="A1" t="inlineStr"><is><t>1.200</t></is></c>` +
		`<c r="B1"><v>1.2</v></c>` +
		`<c r="C1" t="str"><v>3.75</v></c>` +
		`<c r="D1" t="inlineStr"><is><t>1200</t></is></c></row>`}},
		"", fixture.ProducerStyles, false)
	path, err := fixture.WriteZip(filepath.Join(t.TempDir(), "text.xlsx"), parts)
	if err != nil {
		t.Fatal(err)
	}
	cells, _ := cellsOf(t, path)
	for ref, want := range map[string]Kind{"A1": KindText, "B1": KindNumber, "C1": KindText, "D1": KindNumber} {
		if cells[ref].Kind != want {
			t.Errorf("%s %q: kind %d, want %d", ref, cells[ref].Text, cells[ref].Kind, want)
		}
	}
}
