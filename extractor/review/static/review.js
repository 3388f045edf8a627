/* The review page's few behaviours: upload with progress, job progress, the corpus table's
   sorting and filtering, and on a report: cell selection, the original beside the number,
   keyboard moves, corrections and check verdicts. No framework, no build step. */
"use strict";

(function () {
  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));

  async function postJSON(url, body) {
    const response = await fetch(url, {
      method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body),
    });
    let data = null;
    try { data = await response.json(); } catch (e) { data = null; }
    if (!response.ok) {
      const message = data && data.error ? data.error.message : ("HTTP " + response.status);
      throw new Error(message);
    }
    return data;
  }

  /* ---- upload ------------------------------------------------------------------------ */
  function setupUpload() {
    const form = $("#upload-form");
    if (!form) return;
    const input = $("#files"), drop = $("#drop"), list = $("#chosen"), button = $("#upload-button");
    const bar = $("#upload-progress"), message = $("#upload-message");
    let files = [];
    function show() {
      list.textContent = "";
      for (const f of files) {
        const li = document.createElement("li");
        li.textContent = f.name + "（" + Math.max(1, Math.round(f.size / 1024)) + " KB）";
        list.appendChild(li);
      }
      button.disabled = files.length === 0;
    }
    input.addEventListener("change", () => { files = Array.from(input.files); show(); });
    for (const name of ["dragenter", "dragover"]) {
      drop.addEventListener(name, (e) => { e.preventDefault(); drop.classList.add("over"); });
    }
    for (const name of ["dragleave", "drop"]) {
      drop.addEventListener(name, () => drop.classList.remove("over"));
    }
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      files = Array.from(e.dataTransfer.files);
      show();
    });
    drop.addEventListener("keydown", (e) => {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); }
    });
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      if (!files.length) return;
      const data = new FormData();
      for (const f of files) data.append("files", f, f.name);
      const xhr = new XMLHttpRequest();
      xhr.open("POST", "/v1/jobs");
      xhr.responseType = "json";
      bar.hidden = false;
      button.disabled = true;
      message.textContent = "上传中…";
      xhr.upload.addEventListener("progress", (ev) => {
        if (ev.lengthComputable) bar.value = Math.round(100 * ev.loaded / ev.total);
      });
      xhr.addEventListener("load", () => {
        const body = xhr.response || {};
        if (xhr.status === 202 && body.id) {
          message.textContent = "已上传，正在提取…";
          window.location.href = "/review/jobs/" + encodeURIComponent(body.id);
        } else {
          message.textContent = "上传失败：" + (body.error ? body.error.message : "HTTP " + xhr.status);
          button.disabled = false;
        }
      });
      xhr.addEventListener("error", () => { message.textContent = "上传失败：连接中断"; button.disabled = false; });
      xhr.send(data);
    });
  }

  /* ---- job: progress, then the corpus table ----------------------------------------- */
  function setupJob() {
    const job = $("#job");
    if (!job) return;
    if (job.dataset.done !== "true") {
      const poll = async () => {
        try {
          const response = await fetch("/review/jobs/" + encodeURIComponent(job.dataset.job) + "/status");
          if (response.ok) {
            const status = await response.json();
            for (const d of status.documents) {
              const row = $('#progress tr[data-n="' + d.n + '"]');
              if (!row) continue;
              row.className = "state-" + (d.status || d.state);
              $(".state", row).textContent = d.label;
              $(".error", row).textContent = d.error || "";
            }
            if (status.done) { window.location.reload(); return; }
          }
        } catch (e) { /* the server restarting: ask again */ }
        setTimeout(poll, 700);
      };
      setTimeout(poll, 300);
      return;
    }
    setupCorpus();
  }

  function setupCorpus() {
    const table = $("#corpus");
    if (!table) return;
    const body = table.tBodies[0];
    const filter = $("#filter"), status = $("#status-filter"), count = $("#shown-count");
    function apply() {
      const words = filter.value.trim().toLowerCase();
      const wanted = status.value;
      let shown = 0;
      for (const row of body.rows) {
        let ok = !words || row.textContent.toLowerCase().includes(words);
        if (ok && wanted === "failed-checks") ok = Number(row.dataset.failed) > 0;
        if (ok && wanted === "warnings") ok = Number(row.dataset.warnings) > 0;
        if (ok && wanted === "ok") ok = row.dataset.status === "ok";
        if (ok && wanted === "error") ok = row.dataset.status !== "ok";
        row.hidden = !ok;
        if (ok) shown += 1;
      }
      count.textContent = "显示 " + shown + " / " + body.rows.length + " 份";
      table.dispatchEvent(new CustomEvent("corpus-filtered"));  // the charts (charts.js) follow
    }
    filter.addEventListener("input", apply);
    status.addEventListener("change", apply);
    apply();
    $$("th", table).forEach((th, column) => {
      th.tabIndex = 0;
      th.title = "点击排序";
      const sort = () => {
        const ascending = th.getAttribute("aria-sort") !== "ascending";
        $$("th", table).forEach((h) => h.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        const numeric = th.dataset.sort === "number";
        const key = (row) => {
          const text = row.cells[column].textContent.trim();
          if (!numeric) return text;
          return text === "" ? -Infinity : Number(text);
        };
        const rows = Array.from(body.rows).sort((a, b) => {
          const x = key(a), y = key(b);
          const order = numeric ? x - y : String(x).localeCompare(String(y), "zh-CN");
          return ascending ? order : -order;
        });
        for (const row of rows) body.appendChild(row);
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (e) => { if (e.key === "Enter") sort(); });
    });
  }

  /* ---- report ------------------------------------------------------------------------ */
  function setupReport() {
    const dataNode = $("#report-data");
    if (!dataNode) return;
    const data = JSON.parse(dataNode.textContent);
    const base = "/review/jobs/" + encodeURIComponent(data.job) + "/documents/" + data.n;
    const cells = $$("td[data-field]");
    const byField = new Map(cells.map((td) => [td.dataset.field, td]));
    const byPos = new Map(cells.map((td) => [td.dataset.pos, td]));
    const failed = data.checks;
    let current = null, currentCheck = -1, sourceRequest = 0;

    const reviewer = $("#reviewer");
    if (reviewer) {
      reviewer.value = localStorage.getItem("govreport-reviewer") || "";
      reviewer.addEventListener("change", () => localStorage.setItem("govreport-reviewer", reviewer.value.trim()));
    }

    function mark(fields, className) {
      $$("." + className).forEach((el) => el.classList.remove(className));
      for (const f of fields) { const td = byField.get(f); if (td) td.classList.add(className); }
    }

    function select(td, focus) {
      if (!td) return;
      if (current) current.classList.remove("selected");
      current = td;
      td.classList.add("selected");
      if (focus !== false) td.focus({preventScroll: true});
      td.scrollIntoView({block: "nearest", inline: "nearest"});
      showSource(td);
    }

    function showSource(td) {
      $("#source-hint").hidden = true;
      $("#source-field").hidden = false;
      $("#source-path").textContent = td.dataset.field;
      $("#source-value").textContent = $(".v", td).textContent || "空白（null）";
      $("#source-raw").textContent = td.dataset.raw === undefined ? "（未印出）" : (td.dataset.raw || "（空白）");
      const checks = $("#source-checks");
      checks.textContent = "";
      for (const i of (td.dataset.checks || "").split(" ").filter(Boolean)) {
        const li = document.createElement("li");
        li.className = "bad";
        li.textContent = "未通过：" + $("#check-" + i + " .check-message").textContent;
        checks.appendChild(li);
      }
      const form = $("#correction-form");
      if (form) {
        form.hidden = false;
        $("#correction-value").value = $(".v", td).textContent;
        $("#correction-message").textContent = "";
      }
      const view = $("#source-view");
      const request = ++sourceRequest;
      view.textContent = "";
      if (!data.has_original) {
        view.innerHTML = '<p class="muted">原文件不可用（只读审阅时用 --sources 指定原文所在文件夹）。</p>';
        return;
      }
      if (data.format === "pdf") {
        if (!td.dataset.page) {
          view.innerHTML = '<p class="muted">这一项在原文中没有位置（空白或未找到）。</p>';
          return;
        }
        const img = new Image();
        img.id = "page-image";
        img.alt = "原文第 " + td.dataset.page + " 页";
        img.dataset.box = td.dataset.box || "";
        const caption = document.createElement("p");
        caption.className = "muted";
        caption.textContent = "原文第 " + td.dataset.page + " 页，框出的是这个数字。";
        const holder = document.createElement("div");
        holder.className = "page-holder";
        holder.appendChild(img);
        img.addEventListener("load", () => {
          if (request !== sourceRequest || !td.dataset.box) return;
          const y = Number(td.dataset.box.split(",")[1]) * data.scale * (img.clientWidth / img.naturalWidth);
          holder.scrollTop = Math.max(0, y - holder.clientHeight / 3);
        });
        img.src = base + "/pages/" + td.dataset.page + ".png" + (td.dataset.box ? "?box=" + td.dataset.box : "");
        view.appendChild(caption);
        view.appendChild(holder);
      } else {
        view.innerHTML = '<p class="muted">正在读取原文…</p>';
        fetch(base + "/source?field=" + encodeURIComponent(td.dataset.field))
          .then((r) => r.text())
          .then((html) => {
            if (request !== sourceRequest) return;
            view.innerHTML = html;
            const hit = $(".hit", view) || $(".hit-row", view);
            if (hit) hit.scrollIntoView({block: "nearest", inline: "nearest"});
          })
          .catch(() => { if (request === sourceRequest) view.textContent = "无法读取原文"; });
      }
    }

    function move(td, dRow, dCol) {
      const [t, r, c] = td.dataset.pos.split(",").map(Number);
      if (dCol) return byPos.get([t, r, c + dCol].join(","));
      for (let row = r + dRow; row >= 0 && row < 1000; row += dRow) {
        // Rows with fewer columns (table 2's blocks): the nearest column to the left.
        for (let col = c; col >= 0; col -= 1) {
          const found = byPos.get([t, row, col].join(","));
          if (found) return found;
        }
        if (![...byPos.keys()].some((k) => k.startsWith(t + "," + row + ","))) break;
      }
      return null;
    }

    function gotoCheck(step) {
      if (!failed.length) return;
      currentCheck = (currentCheck + step + failed.length) % failed.length;
      const item = $("#check-" + failed[currentCheck]);
      $$(".check.current").forEach((el) => el.classList.remove("current"));
      item.classList.add("current");
      const fields = item.dataset.fields.split(" ").filter(Boolean);
      mark(fields, "focus-check");
      const first = fields.map((f) => byField.get(f)).find(Boolean);
      if (first) select(first); else item.focus();
    }

    for (const td of cells) {
      td.addEventListener("click", () => select(td));
      td.addEventListener("keydown", (e) => {
        const moves = {ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1]};
        if (moves[e.key]) {
          e.preventDefault();
          const next = move(td, moves[e.key][0], moves[e.key][1]);
          if (next) select(next);
        } else if (e.key === "Enter") {
          e.preventDefault();
          select(td);
        }
      });
    }
    document.addEventListener("keydown", (e) => {
      if (e.target.matches("input, textarea, select")) return;
      if (e.key === "n" || e.key === "j") gotoCheck(1);
      else if (e.key === "p" || e.key === "k") gotoCheck(-1);
    });
    for (const item of $$(".check")) {
      item.addEventListener("click", (e) => {
        if (e.target.closest("form")) return;
        currentCheck = failed.indexOf(Number(item.dataset.check)) - 1;
        gotoCheck(1);
      });
    }
    for (const item of $$("#warnings li.linked")) {
      const open = () => {
        const fields = item.dataset.fields.split(" ").filter(Boolean);
        mark(fields, "focus-warning");
        select(byField.get(fields[0]));
      };
      item.addEventListener("click", open);
      item.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
    }
    for (const link of $$("a.goto")) {
      link.addEventListener("click", (e) => { e.preventDefault(); select(byField.get(link.dataset.field)); });
    }

    const form = $("#correction-form");
    if (form) {
      form.addEventListener("submit", async (e) => {
        e.preventDefault();
        if (!current) return;
        const message = $("#correction-message");
        try {
          await postJSON(base + "/corrections", {
            field: current.dataset.field, value: form.value.value, who: form.who.value, note: form.note.value,
          });
          localStorage.setItem("govreport-reviewer", form.who.value.trim());
          sessionStorage.setItem("govreport-select", current.dataset.field);
          window.location.reload();
        } catch (err) {
          message.textContent = "未保存：" + err.message;
        }
      });
    }
    for (const vform of $$(".verdict-form")) {
      vform.addEventListener("submit", async (e) => {
        e.preventDefault();
        const verdict = e.submitter ? e.submitter.value : "confirmed";
        const who = (reviewer && reviewer.value.trim()) || localStorage.getItem("govreport-reviewer") || "";
        try {
          if (!who) throw new Error("先在右侧“审阅人”一栏填写姓名");
          await postJSON(base + "/verdicts", {check: vform.dataset.checkId, verdict, who, note: vform.note.value});
          window.location.reload();
        } catch (err) {
          vform.note.setCustomValidity(err.message);
          vform.note.reportValidity();
          vform.note.addEventListener("input", () => vform.note.setCustomValidity(""), {once: true});
        }
      });
    }
    const again = sessionStorage.getItem("govreport-select");
    if (again && byField.get(again)) {
      sessionStorage.removeItem("govreport-select");
      select(byField.get(again));
    }
  }

  function setupRefresh() {
    const node = $("[data-refresh]");
    if (node) setTimeout(() => window.location.reload(), 1000 * Number(node.dataset.refresh));
  }

  document.addEventListener("DOMContentLoaded", () => {
    setupUpload();
    setupJob();
    setupReport();
    setupRefresh();
  });
})();
