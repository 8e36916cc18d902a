package cli

import (
	"testing"
)

// Tables from the seed reports beyond the fixtures, in the shapes an
// acceptance run found hard. Each case names its seed and the figures a
// person reads off it.
func TestMoreSeedTables(t *testing.T) {
	cases := []struct {
		name, config, file, csv string
		query                   string
		want                    []string
	}{
		{
			// Seed 000, Haninge åtgärdsplan 2018: a running number before the
			// label and text columns between the figures.
			name: "a running number and text columns", file: "atgardsplan_2018.csv",
			csv: "Åtgärdsplan 2018, effekt i tkr\r\nNr;Åtgärd;Beräknad effekt 2018;Faktisk effekt;Status\r\n" +
				"1;Minskat föreningsbidrag;500;800;Genomförd\r\n25;Minskad bemanning;3 500;3 308;Pågår\r\nSumma;;4 000;4 108;\r\n",
			query: `SELECT subject || '|' || measure || '|' || value || '|' || is_total FROM figures ORDER BY source_row, source_col`,
			want: []string{"Minskat föreningsbidrag|Beräknad effekt 2018|500000.00|false", "Minskat föreningsbidrag|Faktisk effekt|800000.00|false",
				"Minskad bemanning|Beräknad effekt 2018|3500000.00|false", "Minskad bemanning|Faktisk effekt|3308000.00|false",
				"Summa|Beräknad effekt 2018|4000000.00|true", "Summa|Faktisk effekt|4108000.00|true"},
		},
		{
			// Seed 004, Södertälje förslag till budget 2019: a grand total over a
			// subtotal and the units after it (767 562 + 15 118 + 5 706 + 0 +
			// 1 700 = 790 086).
			name: "a grand total over a subtotal", file: "internbudget_2019.csv",
			csv: "Förslag till budget 2019, tkr\r\nVerksamhet;Budget 2019\r\nFörsörjningsstöd;250 709\r\nBarn och ungdom;283 919\r\n" +
				"Särskilt riktade insatser;0\r\nVuxenvård missbruk;70 941\r\nVuxenvård socialpsykiatri;86 450\r\nArbetsmarknad;75 543\r\n" +
				"Summa resultatområde;767 562\r\nStab Social & omsorgskontoret;15 118\r\nÖvergripande Socialnämnd;5 706\r\n" +
				"Tillståndsenheten;0\r\nNämnd;1 700\r\nNämnden totalt;790 086\r\n",
			query: `SELECT count(*) || ' findings' FROM findings`,
			want:  []string{"0 findings"},
		},
		{
			// A net result under a Totalt and a contribution: 443 − 10 664 =
			// −10 221 (seed 002's flyktingmottagande, parts constructed).
			name: "a net result after a Totalt is the total", file: "flykting.csv", config: "    period: 2017-01-01..2017-08-31\n",
			csv: "Flyktingmottagande, tkr\r\nVerksamhet;Resultat\r\nBoende;300\r\nHandläggning;143\r\nTotalt flyktingmottagande;443\r\n" +
				"Kommunbidrag;-10 664\r\nNettoresultat;-10 221\r\n",
			query: `SELECT unit || '|' || is_total FROM budget_deviation ORDER BY source_row`,
			want:  []string{"Boende|false", "Handläggning|false", "Totalt flyktingmottagande|true", "Kommunbidrag|false", "Nettoresultat|true"},
		},
		{
			// Seed 001, Haninge årsprognos: "+4 000" is a deviation from
			// budget, not a forecast of net revenue.
			name: "a forecast printed with plus signs is a deviation", file: "prognos_2017.csv",
			csv:   "Prognos helår 2017, tkr\r\nVerksamhet;Prognos\r\nNämndens kostnader;+4 000\r\nBarn och unga;−2 500\r\nVuxen;−1 500\r\nSumma;0\r\n",
			query: `SELECT unit || '|' || forecast_deviation_sek || '|' || coalesce(forecast_sek || '', 'NULL') FROM budget_deviation ORDER BY source_row`,
			want:  []string{"Nämndens kostnader|4000000.00|NULL", "Barn och unga|-2500000.00|NULL", "Vuxen|-1500000.00|NULL", "Summa|0.00|NULL"},
		},
		{
			// Seed 001, Haninge budgetram 2017: decisions dated in the labels
			// are not periods; 850 000 + 803 + 270 + 2 781 = 853 854.
			name: "dated decisions are labels, not periods", file: "budgetram_2017.csv",
			csv: "Budgetram 2017, tkr\r\nBeslut;Budget\r\nKF den 13 juni 2016;850 000\r\nKS den 1 februari 2017;803\r\n" +
				"KS den 15 mars 2017;270\r\nKF den 24 april 2017;2 781\r\nNy budgetram 2017;853 854\r\n",
			query: `SELECT subject || '|' || period_start || '|' || period_end || '|' || is_total FROM figures ORDER BY source_row`,
			want: []string{"KF den 13 juni 2016|2017-01-01|2017-12-31|false", "KS den 1 februari 2017|2017-01-01|2017-12-31|false",
				"KS den 15 mars 2017|2017-01-01|2017-12-31|false", "KF den 24 april 2017|2017-01-01|2017-12-31|false",
				"Ny budgetram 2017|2017-01-01|2017-12-31|true"},
		},
		{
			// Seed 001, Haninge ekonomiskt bistånd: the parts of "Antal
			// bidragshushåll" count households too (constructed split).
			name: "parts take their group's unit", file: "forsorjningsstod_T1_2017.csv",
			csv: "Ekonomiskt bistånd jan-april 2017\r\n;2016;2017\r\nAntal bidragshushåll;978;1 053\r\n   Kommundel norr;500;550\r\n" +
				"   Kommundel söder;478;503\r\n",
			query: `SELECT subject || '|' || value || '|' || value_unit FROM figures WHERE measure = '2017' ORDER BY source_row`,
			want: []string{"Antal bidragshushåll|1053.00|count", "Antal bidragshushåll > Kommundel norr|550.00|count",
				"Antal bidragshushåll > Kommundel söder|503.00|count"},
		},
		{
			// Seed 004, Södertälje investeringar: the unit in the sheet's title
			// holds for every table under it.
			name: "the sheet title's unit for every table", file: "investeringar_2019.csv",
			csv: "Investeringar 2019 (tkr)\r\n\r\nKS/KF-investeringar\r\nProjekt;Belopp\r\nInventarier ny familjecentral;400\r\nTotalt;400\r\n" +
				"\r\nSödertäljelyftet\r\nProjekt;Belopp\r\nVerksamhetsanpassning;200\r\nTotalt;200\r\n",
			query: `SELECT subject || '|' || value FROM figures WHERE NOT is_total ORDER BY source_row`,
			want:  []string{"Inventarier ny familjecentral|400000.00", "Verksamhetsanpassning|200000.00"},
		},
		{
			// Seed 001, Haninge sjukfrånvaro: "Total sjukfrånvaro, kvinnor" is
			// a measure, not a sum.
			name: "Total at the start of a measure is no total", file: "sjukfranvaro_2017.csv", config: "    period: 2017-01-01..2017-03-31\n",
			csv:   "Sjukfrånvaro jan-mars 2017, %\r\nMått;Jan;Feb;Mar\r\nTotal sjukfrånvaro, kvinnor;8,1;8,4;7,9\r\nTotal sjukfrånvaro, män;5,2;5,0;4,8\r\n",
			query: `SELECT DISTINCT subject || '|' || is_total FROM figures ORDER BY 1`,
			want:  []string{"Total sjukfrånvaro, kvinnor|false", "Total sjukfrånvaro, män|false"},
		},
		{
			// Seed 001, Haninge sjukfrånvaro: the year in front of the label
			// is the row's year; Snitt is an average, not a month.
			name: "a year column before the label", file: "sjukfranvaro_T1.csv",
			csv: "Sjukfrånvaro i procent\r\nÅr;Mått;Jan;Feb;Mar;Snitt\r\n2016;Sjukfrånvaro;8,0;8,6;7,7;8,1\r\n" +
				"2017;Sjukfrånvaro;8,4;8,1;7,8;8,1\r\n",
			query: `SELECT subject || '|' || measure || '|' || period_start || '|' || period_end || '|' || value || '|' || is_total FROM figures ORDER BY source_row, source_col LIMIT 5`,
			want: []string{"Sjukfrånvaro|Jan|2016-01-01|2016-01-31|8.00|false", "Sjukfrånvaro|Feb|2016-02-01|2016-02-29|8.60|false",
				"Sjukfrånvaro|Mar|2016-03-01|2016-03-31|7.70|false", "Sjukfrånvaro|Snitt|2016-01-01|2016-03-31|8.10|true",
				"Sjukfrånvaro|Jan|2017-01-01|2017-01-31|8.40|false"},
		},
		{
			// Seed 003, Nacka personlig assistans: a column "År" beside the
			// label gives each row its year.
			name: "a column headed År", file: "personlig_assistans.csv",
			csv:   "Personlig assistans, antal brukare\r\nInsats;År;Jan;Feb\r\nAssistansersättning;2016;38;39\r\nAssistansersättning;2017;45;46\r\n",
			query: `SELECT measure || '|' || period_start || '|' || value FROM figures ORDER BY source_row, source_col`,
			want:  []string{"Jan|2016-01-01|38.00", "Feb|2016-02-01|39.00", "Jan|2017-01-01|45.00", "Feb|2017-02-01|46.00"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, c.config)
			h.runFile(c.file, c.csv)
			sameLines(t, h.lines(c.query), c.want)
			if n := h.one(`SELECT count(*) FROM rejects`); n != "0" {
				t.Errorf("rejects: %v", h.query(`SELECT "row", col, reason FROM rejects`))
			}
		})
	}
}
