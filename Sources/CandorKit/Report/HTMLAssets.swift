/// The HTML report's inline style sheet and script. The script builds the detail panel
/// with `textContent` only, so finding text never becomes markup.
enum HTMLAssets {
    static let style = """
        :root{--fg:#1f2328;--dim:#656d76;--line:#d0d7de;--bg:#f6f8fa;--card:#fff;--error:#cf222e;--warning:#bf8700;--info:#0969da;--push:#d97706;--cap:#cf222e}
        *{box-sizing:border-box}
        body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
        header{padding:20px 32px 8px;background:#fff;border-bottom:1px solid var(--line)}
        h1{margin:0;font-size:22px}h2{font-size:17px;margin:28px 0 8px}h3{margin:0;font-size:15px;word-break:break-all}
        main{padding:0 32px 48px;max-width:1200px}
        .lede,.note,.facts,.dim{color:var(--dim)}.note{font-size:13px}
        .cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(200px,1fr));gap:12px;margin-top:20px}
        .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 16px}
        .card-label{color:var(--dim);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
        .card-value{font-size:28px;font-weight:600}.card-detail{font-size:12px;color:var(--dim)}
        table{border-collapse:collapse;width:100%;background:#fff;border:1px solid var(--line);border-radius:8px}
        th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        th{font-size:12px;color:var(--dim);font-weight:600;background:var(--bg)}
        .num{text-align:right;font-variant-numeric:tabular-nums}
        .summary{color:var(--dim);font-size:12px}
        .sev{font-size:12px;font-weight:600;padding:0 6px;border-radius:10px;color:#fff;white-space:nowrap}
        .sev-error{background:var(--error)}.sev-warning{background:var(--warning)}.sev-info{background:var(--info)}
        .chip{display:inline-block;font-size:12px;background:var(--bg);border:1px solid var(--line);border-radius:10px;padding:0 6px;margin:1px}
        .rate-bar .bar{fill:#8c959f}.rate-bar .whisker{stroke:var(--fg);stroke-width:1.2}.interval{font-size:12px;color:var(--dim);white-space:nowrap}
        #filters{position:sticky;top:0;z-index:2;background:var(--bg);padding:4px 0;border-bottom:1px solid var(--line)}
        #filters h2{display:none}fieldset{display:inline-block;border:1px solid var(--line);border-radius:6px;margin:4px 8px 4px 0;background:#fff}
        legend{font-size:12px;color:var(--dim)}label{margin-right:8px;white-space:nowrap}
        .transcript{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:16px 0}
        .chat{display:flex;flex-direction:column;gap:8px;margin-top:8px}
        .turn{border-radius:8px;padding:8px 12px;max-width:88%;border:1px solid var(--line)}
        .role-user{align-self:flex-end;background:#ddf4ff;border-color:#b6e3ff}
        .role-assistant{align-self:flex-start;background:#fff}
        .role-system{align-self:center;background:var(--bg);font-size:12px;max-width:100%}
        .role-tool{align-self:flex-start;background:#fbefff;border-color:#e6d2f0;font-size:13px}
        .who{font-size:12px;font-weight:600;text-transform:uppercase;letter-spacing:.04em;color:var(--dim)}
        .block{white-space:pre-wrap;overflow-wrap:anywhere;margin-top:4px}
        .reasoning{background:#f6f8fa;border-left:3px solid #8c959f;padding:4px 10px;font-style:italic;color:#424a53}
        .reasoning summary{cursor:pointer;font-style:normal;font-size:12px;color:var(--dim)}
        .tool-call,.tool-result{font-size:12px}.tool-name{font-family:ui-monospace,monospace;color:#8250df;font-weight:600}
        pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:4px 0;font-size:12px;background:var(--bg);padding:6px;border-radius:4px}
        .tag{font-size:11px;border-radius:10px;padding:0 6px;color:#fff;text-transform:none;letter-spacing:0}
        .tag-pushback{background:var(--push)}.tag-capitulation{background:var(--cap)}
        .elided{align-self:center;color:var(--dim);font-size:12px}
        mark.finding{cursor:pointer;border-radius:3px;padding:0 1px}
        mark.sev-error{background:#ffd8d3;box-shadow:inset 0 -2px var(--error)}
        mark.sev-warning{background:#fff1b3;box-shadow:inset 0 -2px var(--warning)}
        mark.sev-info{background:#ddf4ff;box-shadow:inset 0 -2px var(--info)}
        mark.finding.off{background:none;box-shadow:none;cursor:auto}
        mark.finding:focus{outline:2px solid var(--info)}
        .more{color:var(--dim);font-style:italic}
        details.skipped{margin-top:12px;background:#fff8c5;border:1px solid #d4a72c;border-radius:8px;padding:8px 14px}
        details.skipped summary{cursor:pointer;font-weight:600}
        svg.yield{display:block;margin-top:8px;max-width:100%;height:auto}
        svg .axis{stroke:#8c959f}svg .label{font-size:10px;fill:var(--dim)}
        svg .curve{fill:none;stroke-width:2}svg .curve.pushback{stroke:var(--push)}svg .curve.capitulation{stroke:var(--cap)}
        svg circle.pushback,svg rect.pushback{fill:var(--push)}svg circle.capitulation,svg rect.capitulation{fill:var(--cap)}
        svg .finding-tick{stroke:var(--fg)}svg text.finding-tick{stroke:none;fill:var(--fg)}
        svg .legend{font-size:11px}svg .legend.pushback{fill:var(--push)}svg .legend.capitulation{fill:var(--cap)}
        #detail{position:fixed;right:16px;bottom:16px;width:min(440px,92vw);max-height:70vh;overflow:auto;background:#fff;border:1px solid var(--line);border-radius:8px;box-shadow:0 8px 24px rgba(0,0,0,.18);padding:14px 16px;z-index:3}
        #detail-close{float:right;border:none;background:none;font-size:20px;cursor:pointer}
        #detail h4{margin:0 0 4px;font-family:ui-monospace,monospace}#detail p{margin:6px 0;white-space:pre-wrap}
        #detail .k{font-size:11px;text-transform:uppercase;color:var(--dim);letter-spacing:.04em;display:block}
        """

    static let script = """
        (function(){
        "use strict";
        var ruleBoxes=[].slice.call(document.querySelectorAll("input[data-filter-rule]"));
        var sevBoxes=[].slice.call(document.querySelectorAll("input[data-filter-sev]"));
        var data=[].slice.call(document.querySelectorAll(".fd"));
        var marks=[].slice.call(document.querySelectorAll("mark.finding"));
        var articles=[].slice.call(document.querySelectorAll("article.transcript"));
        function checked(boxes){var s={};boxes.forEach(function(b){if(b.checked)s[b.value]=true;});return s;}
        function apply(){
          var rules=checked(ruleBoxes),sevs=checked(sevBoxes),shown=0;
          data.forEach(function(d){var on=!!(rules[d.dataset.rule]&&sevs[d.dataset.sev]);d.dataset.on=on?"1":"0";if(on)shown++;});
          marks.forEach(function(m){
            var on=m.dataset.ids.split(" ").some(function(id){var d=document.getElementById(id);return d&&d.dataset.on==="1";});
            m.classList.toggle("off",!on);
          });
          articles.forEach(function(a){a.hidden=!a.querySelector('.fd[data-on="1"]');});
          var c=document.getElementById("visible-count");
          c.textContent=shown+" finding"+(shown===1?"":"s")+" shown in the transcripts below";
          c.dataset.visibleFindings=String(shown);
        }
        function rule(id){
          var rows=document.querySelectorAll("#rule-table tr[data-rule]");
          for(var i=0;i<rows.length;i++){if(rows[i].dataset.rule===id)return rows[i].dataset;}
          return {};
        }
        function para(body,label,text){
          if(!text)return;
          var p=document.createElement("p"),k=document.createElement("span");
          k.className="k";k.textContent=label;p.appendChild(k);p.appendChild(document.createTextNode(text));body.appendChild(p);
        }
        function show(mark){
          var body=document.getElementById("detail-body");
          body.textContent="";
          mark.dataset.ids.split(" ").forEach(function(id){
            var d=document.getElementById(id);if(!d||d.dataset.on!=="1")return;
            var info=rule(d.dataset.rule),h=document.createElement("h4");
            h.textContent=d.dataset.rule+" · "+d.dataset.sev+" · turn "+d.dataset.turn;body.appendChild(h);
            para(body,"What the output does",d.dataset.message);
            para(body,"Suggested rewording",d.dataset.suggestion);
            para(body,"Evidence",d.dataset.evidence);
            para(body,"Rule",info.summary);
            para(body,"Why it matters",info.rationale);
          });
          if(body.childNodes.length)document.getElementById("detail").hidden=false;
        }
        marks.forEach(function(m){
          m.addEventListener("click",function(){if(!m.classList.contains("off"))show(m);});
          m.addEventListener("keydown",function(e){if(e.key==="Enter"&&!m.classList.contains("off"))show(m);});
        });
        document.getElementById("detail-close").addEventListener("click",function(){document.getElementById("detail").hidden=true;});
        ruleBoxes.concat(sevBoxes).forEach(function(b){b.addEventListener("change",apply);});
        // A link can carry a filter and open a finding: #rules=capitulation&severity=warning,error&finding=t-3-f0
        var linked=null;
        location.hash.slice(1).split("&").forEach(function(part){
          var pair=part.split("="),value=decodeURIComponent(pair[1]||"");
          if(pair[0]==="finding"){linked=value;return;}
          var boxes=pair[0]==="rules"?ruleBoxes:pair[0]==="severity"?sevBoxes:null;
          if(!boxes)return;
          boxes.forEach(function(b){b.checked=value.split(",").indexOf(b.value)>=0;});
        });
        apply();
        if(linked){
          var target=marks.filter(function(m){return m.dataset.ids.split(" ").indexOf(linked)>=0;})[0];
          if(target){show(target);target.focus({preventScroll:true});}
        }
        })();
        """
}
