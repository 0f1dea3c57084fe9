// Suggestions by name for a text box marked data-suggest (oversight/widgets.py NameSuggestInput):
// as one types, the site's matches fill the box's datalist. Loaded once per page however many
// boxes use it.
(function () {
  if (window.nameSuggestLoaded) return;
  window.nameSuggestLoaded = true;

  function attach(input) {
    var list = document.getElementById(input.getAttribute("list"));
    if (!list || input.dataset.suggestReady) return;
    input.dataset.suggestReady = "1";
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q || q === asked) return;
      timer = setTimeout(function () {
        asked = q;
        fetch(input.dataset.suggest + "?q=" + encodeURIComponent(q), {headers: {Accept: "application/json"}})
          .then(function (response) { return response.ok ? response.json() : {results: []}; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.results.map(function (item) {
              var option = document.createElement("option");
              option.value = item.value;
              option.label = item.label;
              return option;
            }));
          })
          .catch(function () {});
      }, 250);
    });
  }

  function attachAll() {
    document.querySelectorAll("input[data-suggest]").forEach(attach);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", attachAll);
  } else {
    attachAll();
  }
  document.addEventListener("htmx:afterSettle", attachAll);
})();
