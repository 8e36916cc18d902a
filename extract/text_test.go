package extract

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"unicode/utf16"

	"golang.org/x/text/encoding/charmap"
)

// textRow is a row copied out of a sheet, whose Cells are reused.
type textRow struct {
	Num   int
	Cells []string
}

func (r textRow) String() string { return fmt.Sprintf("%d:%q", r.Num, r.Cells) }

func readTextRows(t *testing.T, s *TextSheet) ([]textRow, error) {
	t.Helper()
	var rows []textRow
	for s.Next() {
		r := s.Row()
		cells := make([]string, len(r.Cells))
		for i, c := range r.Cells {
			cells[i] = c.Text
			if want := (c.Text == ""); want != (c.Kind == KindEmpty) {
				t.Errorf("line %d col %d: kind %v for %q", r.Num, i+1, c.Kind, c.Text)
			}
			if c.Kind != KindEmpty && c.Kind != KindText {
				t.Errorf("line %d col %d: kind %v in a text file", r.Num, i+1, c.Kind)
			}
		}
		rows = append(rows, textRow{r.Num, cells})
	}
	return rows, s.Err()
}

// utf16Bytes encodes s as UTF-16, little- or big-endian, with or without a
// byte order mark.
func utf16Bytes(s string, little, bom bool) []byte {
	units := utf16.Encode([]rune(s))
	if bom {
		units = append([]uint16{0xFEFF}, units...)
	}
	b := make([]byte, 0, 2*len(units))
	for _, u := range units {
		if little {
			b = append(b, byte(u), byte(u>>8))
		} else {
			b = append(b, byte(u>>8), byte(u))
		}
	}
	return b
}

func row(num int, cells ...string) textRow { return textRow{num, cells} }

func TestOpenText(t *testing.T) {
	const header = "Personnummer;Målgrupp;Insats;Regi;Lagrum;Utförare;Startdatum;Slutdatum;Dygnspris (kr)"
	headerCells := strings.Split(header, ";")
	tests := []struct {
		name string
		in   []byte
		opt  TextOptions
		info TextInfo
		rows []textRow
	}{
		{
			name: "utf-8 BOM, semicolon, CRLF",
			in: []byte("\xef\xbb\xbf" + header + "\r\n" +
				"19121212-1212;Barn och unga;HVB;Extern;SoL 4 kap. 1 §;Solgläntans HVB AB;2017-01-03;2017-06-30;4 304,25\r\n" +
				"19121212-1212;Barn och unga;Familjehem;Egen;SoL 4 kap. 1 §;;2017-07-01;;1 250,00\r\n"),
			info: TextInfo{Encoding: "utf-8", Comma: ';', BOM: true},
			rows: []textRow{
				row(1, headerCells...),
				row(2, "19121212-1212", "Barn och unga", "HVB", "Extern", "SoL 4 kap. 1 §", "Solgläntans HVB AB", "2017-01-03", "2017-06-30", "4 304,25"),
				row(3, "19121212-1212", "Barn och unga", "Familjehem", "Egen", "SoL 4 kap. 1 §", "", "2017-07-01", "", "1 250,00"),
			},
		},
		{
			name: "windows-1252",
			in:   []byte("Konto;Int\xe4kt;Belopp (\x80)\r\n3010;\xd6ppna insatser;-12 345,50\r\n3011;Bist\xe5nd \x96 \xe5terbetalning;1\xa0000,00\r\n"),
			info: TextInfo{Encoding: "windows-1252", Comma: ';'},
			rows: []textRow{
				row(1, "Konto", "Intäkt", "Belopp (€)"),
				row(2, "3010", "Öppna insatser", "-12 345,50"),
				row(3, "3011", "Bistånd – återbetalning", "1\u00a0000,00"),
			},
		},
		{
			name: "utf-16le BOM",
			in:   utf16Bytes("Verksamhet;Konto;Belopp\r\nÖppenvård;4610;12 345,67\r\nIFO – Ekonomiskt bistånd;4620;-1,5\r\n", true, true),
			info: TextInfo{Encoding: "utf-16le", Comma: ';', BOM: true},
			rows: []textRow{
				row(1, "Verksamhet", "Konto", "Belopp"),
				row(2, "Öppenvård", "4610", "12 345,67"),
				row(3, "IFO – Ekonomiskt bistånd", "4620", "-1,5"),
			},
		},
		{
			name: "utf-16be BOM",
			in:   utf16Bytes("Konto\tBelopp\n4610\t1 000\n", false, true),
			info: TextInfo{Encoding: "utf-16be", Comma: '\t', BOM: true},
			rows: []textRow{row(1, "Konto", "Belopp"), row(2, "4610", "1 000")},
		},
		{
			name: "utf-16le without BOM",
			in:   utf16Bytes("Konto;Målgrupp\n4610;Äldre\n", true, false),
			info: TextInfo{Encoding: "utf-16le", Comma: ';'},
			rows: []textRow{row(1, "Konto", "Målgrupp"), row(2, "4610", "Äldre")},
		},
		{
			name: "tab separated with decimal commas",
			in:   []byte("Konto\tBenämning\tBudget\tUtfall\n4610\tKöp av huvudverksamhet, HVB\t1,5\t2,5\n4620\tFörsörjningsstöd\t3,25\t4,75\n"),
			info: TextInfo{Encoding: "utf-8", Comma: '\t'},
			rows: []textRow{
				row(1, "Konto", "Benämning", "Budget", "Utfall"),
				row(2, "4610", "Köp av huvudverksamhet, HVB", "1,5", "2,5"),
				row(3, "4620", "Försörjningsstöd", "3,25", "4,75"),
			},
		},
		{
			name: "comma separated, quoted decimal commas",
			in:   []byte("Kod,Namn,Belopp\n4610,\"Köp av huvudverksamhet, HVB\",\"4 304,25\"\n4620,Försörjningsstöd,\"-1 000,50\"\n"),
			info: TextInfo{Encoding: "utf-8", Comma: ','},
			rows: []textRow{
				row(1, "Kod", "Namn", "Belopp"),
				row(2, "4610", "Köp av huvudverksamhet, HVB", "4 304,25"),
				row(3, "4620", "Försörjningsstöd", "-1 000,50"),
			},
		},
		{
			name: "comma separated, separator inside quotes ignored by detection",
			in:   []byte("Kod,Namn,Belopp\n1,\"Köp; HVB\",3\n2,\"Köp; SoL\",4\n3,\"Hem; tjänst\",5\n"),
			info: TextInfo{Encoding: "utf-8", Comma: ','},
			rows: []textRow{
				row(1, "Kod", "Namn", "Belopp"),
				row(2, "1", "Köp; HVB", "3"),
				row(3, "2", "Köp; SoL", "4"),
				row(4, "3", "Hem; tjänst", "5"),
			},
		},
		{
			name: "pipe separated",
			in:   []byte("Konto|Belopp|Text\n4610|12,5|a, b\n4620|1,25|c\n"),
			info: TextInfo{Encoding: "utf-8", Comma: '|'},
			rows: []textRow{row(1, "Konto", "Belopp", "Text"), row(2, "4610", "12,5", "a, b"), row(3, "4620", "1,25", "c")},
		},
		{
			name: "semicolon with a decimal comma in every field and a comma in the title",
			in:   []byte("Utfall, socialnämnden\nBudget;Utfall\n1,5;2,5\n3,5;4,5\n10,25;11,75\n"),
			info: TextInfo{Encoding: "utf-8", Comma: ';'},
			rows: []textRow{
				row(1, "Utfall, socialnämnden"),
				row(2, "Budget", "Utfall"),
				row(3, "1,5", "2,5"),
				row(4, "3,5", "4,5"),
				row(5, "10,25", "11,75"),
			},
		},
		{
			name: "title rows above the header",
			in: []byte("Rapport: Utfall per verksamhet\r\nPeriod: 201701-201712;;\r\n\r\n" +
				"Verksamhet;Konto;Belopp;\r\n" +
				"Barn och unga;4610;12 345,67;\r\n" +
				"Vuxna;4620;1,00;\r\n"),
			info: TextInfo{Encoding: "utf-8", Comma: ';'},
			rows: []textRow{
				row(1, "Rapport: Utfall per verksamhet"),
				row(2, "Period: 201701-201712", "", ""),
				row(4, "Verksamhet", "Konto", "Belopp", ""),
				row(5, "Barn och unga", "4610", "12 345,67", ""),
				row(6, "Vuxna", "4620", "1,00", ""),
			},
		},
		{
			name: "quoted fields with embedded line ends and quotes",
			in: []byte("Id;Kommentar;Belopp\n" +
				"1;\"rad ett\nrad två\";100\n" +
				"2;\"a \"\"citat\"\"; b\";200\n" +
				"3;\"crlf\r\ninne\r\ni fält\";300\r\n" +
				"4;x;400\n"),
			info: TextInfo{Encoding: "utf-8", Comma: ';'},
			rows: []textRow{
				row(1, "Id", "Kommentar", "Belopp"),
				row(2, "1", "rad ett\nrad två", "100"),
				row(4, "2", "a \"citat\"; b", "200"),
				row(5, "3", "crlf\ninne\ni fält", "300"),
				row(8, "4", "x", "400"),
			},
		},
		{
			name: "stray quotes kept",
			in:   []byte("Id;Text;Belopp\n1;Skärm 24\" bred;100\n2;\"Han sa \"hej\" igen\";200\n3; \"inte citerat\";300\n"),
			info: TextInfo{Encoding: "utf-8", Comma: ';'},
			rows: []textRow{
				row(1, "Id", "Text", "Belopp"),
				row(2, "1", "Skärm 24\" bred", "100"),
				row(3, "2", "Han sa \"hej\" igen", "200"),
				row(4, "3", " \"inte citerat\"", "300"),
			},
		},
		{
			name: "CR-only line ends",
			in:   []byte("Konto;Belopp\r4610;1\r\r4620;\"två\rrader\"\r4630;3"),
			info: TextInfo{Encoding: "utf-8", Comma: ';'},
			rows: []textRow{row(1, "Konto", "Belopp"), row(2, "4610", "1"), row(4, "4620", "två\nrader"), row(6, "4630", "3")},
		},
		{
			name: "blank records skipped, lines still counted",
			in:   []byte("\n\nKonto;Belopp\n;\n  ;  \n\r\n;;;;\n4610;1\n\t;\u00a0\n4620;2;\n;"),
			info: TextInfo{Encoding: "utf-8", Comma: ';'},
			rows: []textRow{row(3, "Konto", "Belopp"), row(8, "4610", "1"), row(10, "4620", "2", "")},
		},
		{
			name: "fields kept as they are",
			in:   []byte("a ; b ;\t c\r\n\" x \";;\"\"\r\n"),
			info: TextInfo{Encoding: "utf-8", Comma: ';'},
			rows: []textRow{row(1, "a ", " b ", "\t c"), row(2, " x ", "", "")},
		},
		{
			name: "declared separator and encoding",
			in:   []byte("Konto:Int\xe4kt\n4610:\x80 1\n"),
			opt:  TextOptions{Comma: ':', Encoding: "ISO-8859-1"},
			info: TextInfo{Encoding: "iso-8859-1", Comma: ':'},
			rows: []textRow{row(1, "Konto", "Intäkt"), row(2, "4610", "\u0080 1")},
		},
		{
			name: "declared encoding over a BOM of another",
			in:   []byte("\xef\xbb\xbfA;B\n"),
			opt:  TextOptions{Encoding: "cp1252"},
			info: TextInfo{Encoding: "windows-1252", Comma: ';'},
			rows: []textRow{row(1, "ï»¿A", "B")},
		},
		{
			name: "single column",
			in:   []byte("Konto\n4610\n4620"),
			info: TextInfo{Encoding: "utf-8", Comma: ';'},
			rows: []textRow{row(1, "Konto"), row(2, "4610"), row(3, "4620")},
		},
	}
	for _, tc := range tests {
		// Tiny read buffers put every quote, separator and half of a CRLF
		// at the edge of a read.
		for _, size := range []int{0, 1, 2, 3, 7} {
			t.Run(fmt.Sprintf("%s/buf=%d", tc.name, size), func(t *testing.T) {
				s, err := OpenText("in/export.csv", bytes.NewReader(tc.in), tc.opt)
				if err != nil {
					t.Fatalf("OpenText: %v", err)
				}
				if size > 0 {
					s.buf = make([]byte, size)
				}
				if got := s.Info(); got != tc.info {
					t.Errorf("Info() = %+v, want %+v", got, tc.info)
				}
				if s.Name() != "" || s.Merges() != nil {
					t.Errorf("Name() = %q, Merges() = %v; want none", s.Name(), s.Merges())
				}
				rows, err := readTextRows(t, s)
				if err != nil {
					t.Fatalf("Err() = %v", err)
				}
				if fmt.Sprint(rows) != fmt.Sprint(tc.rows) {
					t.Errorf("rows:\n got %v\nwant %v", rows, tc.rows)
				}
			})
		}
	}
}

func TestTextCharacterCutByPeek(t *testing.T) {
	// "ö" starts at the last byte detection looks at: still UTF-8.
	head := "Konto;Namn\n1;"
	in := head + strings.Repeat("a", textPeekSize-1-len(head)) + "ö\n2;b\n"
	if in[textPeekSize-1] != "ö"[0] {
		t.Fatal("test input is off")
	}
	s, err := OpenText("in/export.csv", strings.NewReader(in), TextOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Info(); got != (TextInfo{Encoding: "utf-8", Comma: ';'}) {
		t.Errorf("Info() = %+v", got)
	}
	rows, err := readTextRows(t, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1].Num != 2 || !strings.HasSuffix(rows[1].Cells[1], "aö") || rows[2].String() != row(3, "2", "b").String() {
		t.Errorf("rows = %.80v", rows)
	}
}

func TestOpenTextErrors(t *testing.T) {
	const file = "in/export.csv"
	tests := []struct {
		name string
		in   []byte
		opt  TextOptions
		want error
	}{
		{"empty file", nil, TextOptions{}, ErrEmptyFile},
		{"only a UTF-8 BOM", []byte("\xef\xbb\xbf"), TextOptions{}, ErrEmptyFile},
		{"only a UTF-16 BOM", []byte("\xff\xfe"), TextOptions{}, ErrEmptyFile},
		{"only white space", []byte("\xef\xbb\xbf \r\n\t\n\r\n"), TextOptions{}, ErrEmptyFile},
		{"only white space in UTF-16", utf16Bytes(" \r\n\r\n", true, true), TextOptions{}, ErrEmptyFile},
		{"zip file", []byte("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00b\xee\x9dh^\x01\x00\x00\x90\x04\x00\x00\x13\x00\x08\x02[Content_Types].xml"), TextOptions{}, ErrBinary},
		{"NULs in text", []byte("Konto;Belopp\n4610;1\x00\x00\x00\x002\n"), TextOptions{}, ErrBinary},
		{"unknown encoding", []byte("a;b\n"), TextOptions{Encoding: "ebcdic"}, ErrUnsupported},
		{"quote as separator", []byte("a;b\n"), TextOptions{Comma: '"'}, ErrUnsupported},
		{"non-ASCII separator", []byte("a§b\n"), TextOptions{Comma: '§'}, ErrUnsupported},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := OpenText(file, bytes.NewReader(tc.in), tc.opt)
			if !errors.Is(err, tc.want) {
				t.Fatalf("OpenText = %v, %v; want %v", s, err, tc.want)
			}
			var e *Error
			if !errors.As(err, &e) || e.Ref.File != file || e.Ref.Row != 0 {
				t.Errorf("error %#v is not an *Error naming the file alone", err)
			}
		})
	}
}

// textLines is n lines "4610;Köp av huvudverksamhet;<i>,00\n".
func textLines(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, "4610;Köp av huvudverksamhet;%d,00\n", i)
	}
	return b.Bytes()
}

// failingReader returns its data, then err.
type failingReader struct {
	data []byte
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestTextRecordErrors(t *testing.T) {
	// 3,000 lines of valid UTF-8, past the 64 KiB detection looks at.
	valid := textLines(3000)
	if len(valid) < 100<<10 {
		t.Fatalf("prefix of %d bytes is too short", len(valid))
	}
	readErr := errors.New("disk on fire")
	tests := []struct {
		name     string
		in       io.Reader
		opt      TextOptions
		want     error
		rows     int // rows read before the error
		line     int
		col      int
		notInMsg string // a field value the message must not quote
	}{
		{
			name: "invalid UTF-8 past the peek",
			in:   bytes.NewReader(append(append(bytes.Clone(valid), "4620;Int\xe4kt ur Svensson;2,00\n"...), "4630;x;3,00\n"...)),
			want: ErrInvalidUTF8, rows: 3000, line: 3001, col: 2, notInMsg: "Svensson",
		},
		{
			name: "invalid UTF-8 on a later line of a quoted field",
			in:   bytes.NewReader(append(bytes.Clone(valid), "4620;\"Int\xc3\xa4kt\nSvensson \xe4\";2,00\n"...)),
			want: ErrInvalidUTF8, rows: 3000, line: 3002, col: 2, notInMsg: "Svensson",
		},
		{
			name: "invalid UTF-8 in a declared UTF-8 file",
			in:   bytes.NewReader([]byte("a;b\n\xe4;c\n")),
			opt:  TextOptions{Encoding: "utf-8"},
			want: ErrInvalidUTF8, rows: 1, line: 2, col: 1,
		},
		{
			name: "long line",
			in:   bytes.NewReader([]byte("a;b\nc;d\n" + strings.Repeat("x", 101) + "\r\ne;f\n")),
			opt:  TextOptions{MaxLineBytes: 100},
			want: ErrLineTooLong, rows: 2, line: 3,
		},
		{
			name: "long line just fits",
			in:   bytes.NewReader([]byte("a;b\n" + strings.Repeat("x", 100) + "\r\ne;f\n")),
			opt:  TextOptions{MaxLineBytes: 100},
			rows: 3,
		},
		{
			name: "unclosed quote runs on",
			in:   bytes.NewReader(append([]byte("a;b\n1;\"oj\n"), textLines(100)...)),
			opt:  TextOptions{MaxLineBytes: 1000},
			want: ErrLineTooLong, rows: 1, line: 2,
		},
		{
			name: "too many fields",
			in:   bytes.NewReader([]byte("a;b\n" + strings.Repeat(";", textMaxFields) + "\n")),
			want: ErrLineTooLong, rows: 1, line: 2,
		},
		{
			name: "read error",
			in:   &failingReader{data: append(bytes.Clone(valid), "e;f"...), err: readErr},
			want: readErr, rows: 3000, line: 3001,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := OpenText("in/export.csv", tc.in, tc.opt)
			if err != nil {
				t.Fatalf("OpenText: %v", err)
			}
			rows, err := readTextRows(t, s)
			if len(rows) != tc.rows {
				t.Errorf("%d rows before the error, want %d", len(rows), tc.rows)
			}
			if tc.want == nil {
				if err != nil {
					t.Fatalf("Err() = %v", err)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Err() = %v, want %v", err, tc.want)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Err() = %#v, not an *Error", err)
			}
			if e.Ref.File != "in/export.csv" || e.Ref.Row != tc.line || e.Ref.Col != tc.col {
				t.Errorf("error at %+v, want line %d col %d", e.Ref, tc.line, tc.col)
			}
			if tc.notInMsg != "" && strings.Contains(err.Error(), tc.notInMsg) {
				t.Errorf("error %q quotes the data", err)
			}
			if s.Next() {
				t.Errorf("Next() after an error")
			}
		})
	}
}

// countingReader counts what is read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// repeatReader yields b n times without holding more than b.
type repeatReader struct {
	b   []byte
	n   int
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	total := 0
	for len(p) > 0 && r.n > 0 {
		k := copy(p, r.b[r.off:])
		p, total, r.off = p[k:], total+k, r.off+k
		if r.off == len(r.b) {
			r.off = 0
			r.n--
		}
	}
	if total == 0 {
		return 0, io.EOF
	}
	return total, nil
}

func TestTextTenMegabyteLine(t *testing.T) {
	in := &countingReader{r: io.MultiReader(
		strings.NewReader("Konto;Belopp\r\n4610;1\r\n\r\n4620;"),
		&repeatReader{b: []byte("0123456789"), n: 1 << 20},
		strings.NewReader("\r\n4630;3\r\n"),
	)}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	s, err := OpenText("big.csv", in, TextOptions{})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for s.Next() {
		n++
	}
	runtime.ReadMemStats(&after)
	err = s.Err()
	var e *Error
	if !errors.Is(err, ErrLineTooLong) || !errors.As(err, &e) || e.Ref.Row != 4 {
		t.Fatalf("Err() = %v, want ErrLineTooLong on line 4", err)
	}
	if n != 2 {
		t.Errorf("%d rows before the long line, want 2", n)
	}
	if want := "big.csv:4: line too long: record of more than 1048576 bytes"; err.Error() != want {
		t.Errorf("Err() = %q, want %q", err, want)
	}
	// Fail fast: stop soon after the limit, not at the end of the line.
	if in.n > DefaultMaxLineBytes+3*textPeekSize {
		t.Errorf("read %d bytes of a 10 MB line before failing", in.n)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 4*DefaultMaxLineBytes {
		t.Errorf("allocated %d bytes for a line limit of %d", alloc, DefaultMaxLineBytes)
	} else {
		t.Logf("allocated %d bytes in all", alloc)
	}
}

func TestTextStreamsTwoMillionLines(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 2,000,000 lines")
	}
	const lines = 2_000_000
	line, err := charmap.Windows1252.NewEncoder().Bytes([]byte(";201701;6110;Barn och unga myndighet;5101;Institutionsvård barn och unga;4610;Köp av huvudverksamhet, HVB;12345,67;\r\n"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := OpenText("stor.csv", &repeatReader{b: line, n: lines}, TextOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Info(); got != (TextInfo{Encoding: "windows-1252", Comma: ';'}) {
		t.Errorf("Info() = %+v", got)
	}
	var peak uint64
	var ms runtime.MemStats
	n := 0
	for s.Next() {
		n++
		r := s.Row()
		if r.Num != n || len(r.Cells) != 10 || r.Cells[5].Text != "Institutionsvård barn och unga" {
			t.Fatalf("row %d = %+v", n, r)
		}
		if n%250_000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	if n != lines {
		t.Errorf("%d rows, want %d", n, lines)
	}
	// The file is about 230 MB; reading it must hold a few buffers only.
	if peak > 32<<20 {
		t.Errorf("heap in use reached %d bytes", peak)
	}
}

func TestTextSniffComma(t *testing.T) {
	tests := []struct {
		head string
		want byte
	}{
		{"a;b;c\n1;2,5;3\n", ';'},
		{"a,b,c\n1,2.5,3\n", ','},
		{"a\tb\n1,5\t2,5\n", '\t'},
		{"a|b\n1|2\n", '|'},
		{"x\ny\n", ';'},
		{"", ';'},
		{"a,b\n", ','},
		{"a;b\n", ';'},
		{"x,\"y\"", ','},
		{"x;\"y\"\r\n1;\"2,5\"", ';'},
		{"Rapport, 2017\nRad, två\nA;B;C\n1;2;3\n", ';'},
		// A quote that only ',' explains keeps ';' in the text from winning.
		{"1,\"a;b\",3\n2,\"c;d\",4\n", ','},
	}
	for _, tc := range tests {
		if got := textSniffComma(tc.head, true); got != tc.want {
			t.Errorf("textSniffComma(%q) = %q, want %q", tc.head, got, tc.want)
		}
	}
}

// BenchmarkOpenTextCP1252 reads a windows-1252 ledger export of 200,000
// lines, the shape of the Kolada/RS extracts socdw loads.
func BenchmarkOpenTextCP1252(b *testing.B) {
	var buf bytes.Buffer
	for i := range 200_000 {
		fmt.Fprintf(&buf, ";2017%02d;6110;Barn och unga myndighet;5101;Institutionsvård barn och unga;4610;Köp av huvudverksamhet, HVB;%d,%02d;\r\n", i%12+1, 10000+i%90000, i%100)
	}
	data, err := charmap.Windows1252.NewEncoder().Bytes(buf.Bytes())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		s, err := OpenText("bench.csv", bytes.NewReader(data), TextOptions{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for s.Next() {
			n++
		}
		if err := s.Err(); err != nil || n != 200_000 || s.Info().Encoding != "windows-1252" {
			b.Fatalf("%d rows, %+v, %v", n, s.Info(), err)
		}
	}
}
