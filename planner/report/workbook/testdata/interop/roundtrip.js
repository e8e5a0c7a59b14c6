// Opens a Redline workbook with a spreadsheet library, edits it as a
// planner would and saves it, for planner/report/workbook/interop_test.go.
//
//   node roundtrip.js exceljs|sheetjs IN.xlsx OUT.xlsx EDIT.json
//
// EDIT.json is {"set": [{"sheet", "row", "column", "value"}...],
//               "append": [{"sheet", "values": {header: value...}}...]}:
// "set" writes one cell, found by its sheet, its row number and the header
// text of its column; "append" adds a row after the last one with the
// library's own call for that (ExcelJS addRow, SheetJS sheet_add_aoa), its
// cells placed under the headers named. Numbers are written as numbers and
// strings as strings. The libraries are pinned in package-lock.json.
'use strict';

const fs = require('fs');

const [lib, input, output, editFile] = process.argv.slice(2);
if (!lib || !input || !output || !editFile) {
  console.error('usage: node roundtrip.js exceljs|sheetjs IN.xlsx OUT.xlsx EDIT.json');
  process.exit(2);
}
const edit = JSON.parse(fs.readFileSync(editFile, 'utf8'));

function need(cond, message) {
  if (!cond) {
    throw new Error(message);
  }
}

async function withExcelJS() {
  const ExcelJS = require('exceljs');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(input);
  const sheet = name => {
    const ws = wb.getWorksheet(name);
    need(ws, `ExcelJS: no sheet ${name}`);
    return ws;
  };
  const headers = ws => {
    const h = [];
    ws.getRow(1).eachCell((cell, col) => { h[col] = String(cell.value); });
    return h;
  };
  const column = (ws, name) => {
    const col = headers(ws).indexOf(name);
    need(col > 0, `ExcelJS: no column ${name} on sheet ${ws.name}`);
    return col;
  };
  for (const s of edit.set || []) {
    const ws = sheet(s.sheet);
    ws.getRow(s.row).getCell(column(ws, s.column)).value = s.value;
  }
  for (const a of edit.append || []) {
    const ws = sheet(a.sheet);
    const row = [];
    for (const [name, value] of Object.entries(a.values)) {
      row[column(ws, name)] = value;
    }
    ws.addRow(row);
  }
  await wb.xlsx.writeFile(output);
}

function withSheetJS() {
  const XLSX = require('xlsx');
  const wb = XLSX.readFile(input);
  const sheet = name => {
    const ws = wb.Sheets[name];
    need(ws, `SheetJS: no sheet ${name}`);
    return ws;
  };
  const column = (ws, name) => {
    const range = XLSX.utils.decode_range(ws['!ref']);
    for (let c = range.s.c; c <= range.e.c; c++) {
      const cell = ws[XLSX.utils.encode_cell({ r: 0, c })];
      if (cell && String(cell.v) === name) {
        return c;
      }
    }
    throw new Error(`SheetJS: no column ${name} on a sheet`);
  };
  const cell = value => (typeof value === 'number' ? { t: 'n', v: value } : { t: 's', v: String(value) });
  for (const s of edit.set || []) {
    const ws = sheet(s.sheet);
    const addr = XLSX.utils.encode_cell({ r: s.row - 1, c: column(ws, s.column) });
    ws[addr] = cell(s.value);
    const range = XLSX.utils.decode_range(ws['!ref']);
    range.e.r = Math.max(range.e.r, s.row - 1);
    ws['!ref'] = XLSX.utils.encode_range(range);
  }
  for (const a of edit.append || []) {
    const ws = sheet(a.sheet);
    const row = [];
    for (const [name, value] of Object.entries(a.values)) {
      row[column(ws, name)] = value;
    }
    for (let i = 0; i < row.length; i++) {
      if (row[i] === undefined) {
        row[i] = null; // sheet_add_aoa leaves a null cell out
      }
    }
    XLSX.utils.sheet_add_aoa(ws, [row], { origin: -1 });
  }
  XLSX.writeFile(wb, output, { bookType: 'xlsx', compression: true });
}

(async () => {
  switch (lib) {
    case 'exceljs':
      await withExcelJS();
      break;
    case 'sheetjs':
      withSheetJS();
      break;
    default:
      throw new Error(`no library ${lib}; want exceljs or sheetjs`);
  }
})().catch(err => {
  console.error(err && err.stack ? err.stack : String(err));
  process.exit(1);
});
