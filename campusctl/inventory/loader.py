"""Load and validate an inventory folder.

Layout::

    inventory/
      province.yml                          province, services, pools, defaults, cities
      catalog/*.yml                         hardware models
      schools/<city code>/<district code>/<school code>.yml

Every problem of a run is collected and reported together, each with its file,
line, key and fix; nothing is returned from an invalid inventory.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from campusctl.errors import InventoryError
from campusctl.i18n import _
from campusctl.inventory.inventory import Inventory
from campusctl.inventory.locate import key_text, line_at, locate, report_validation
from campusctl.inventory.model import (
    CatalogFile,
    HardwareModel,
    ProvinceFile,
    School,
    Services,
    Settings,
)
from campusctl.inventory.problems import ProblemCollector
from campusctl.inventory.semantic import check_inventory
from campusctl.inventory.yamlstrict import LocatedDict, load_yaml, read_text

log = logging.getLogger(__name__)

_Model = TypeVar("_Model", bound=BaseModel)

PROVINCE_FILE = "province.yml"
SCHOOLS_DIR = "schools"
CATALOG_DIR = "catalog"


def find_root(path: Path) -> Path:
    """Return the inventory folder that contains ``path`` (a folder or any file in it)."""
    start = path if path.is_dir() else path.parent
    for candidate in (start, *start.parents):
        if (candidate / PROVINCE_FILE).is_file():
            return candidate
    raise InventoryError(
        _("no {province} found in {path} or above it; pass the inventory folder").format(
            province=PROVINCE_FILE, path=path
        )
    )


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge ``override`` into a copy of ``base``: mappings merge, everything else replaces."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _validate(
    model: type[BaseModel],
    raw: Any,
    path: Path,
    problems: ProblemCollector,
    prefix: tuple[Any, ...] = (),
) -> Any:
    try:
        return model.model_validate(raw)
    except ValidationError as err:
        report_validation(err, raw, path, model, problems, prefix)
        return None


def load_province(root: Path, problems: ProblemCollector) -> ProvinceFile | None:
    """Load and validate ``province.yml``, including every scope's defaults and services.

    Problems go to ``problems``; ``None`` is returned when the file cannot be used.
    """
    path = root / PROVINCE_FILE
    raw = load_yaml(path, problems)
    if raw is None:
        return None
    province: ProvinceFile | None = _validate(ProvinceFile, raw, path, problems)
    if province is None:
        return None
    scopes: list[tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]] = [
        (("defaults",), province.defaults, {})
    ]
    for c_index, city in enumerate(province.cities):
        scopes.append((("cities", c_index, "defaults"), city.defaults, city.services))
        for d_index, district in enumerate(city.districts):
            where = ("cities", c_index, "districts", d_index)
            scopes.append(((*where, "defaults"), district.defaults, district.services))
    for c_index, city in enumerate(province.cities):
        for d_index, district in enumerate(city.districts):
            if district.code[:4] != city.code[:4]:
                problems.extend(
                    [
                        locate(
                            path,
                            ("cities", c_index, "districts", d_index, "code"),
                            _("district {district} does not belong to city {city}").format(
                                district=district.code, city=city.code
                            ),
                            _(
                                "a district code starts with the first four digits of its city's code"
                            ),
                        )
                    ]
                )
    for loc, defaults, services in scopes:
        _validate(Settings, defaults, path, problems, loc)
        _validate(Services, services, path, problems, (*loc[:-1], "services"))
    return province


def load_catalog(root: Path, problems: ProblemCollector) -> dict[str, HardwareModel]:
    """Load every ``catalog/*.yml`` file into hardware models by name; problems go to ``problems``."""
    catalog: dict[str, HardwareModel] = {}
    for path in sorted((root / CATALOG_DIR).glob("*.yml")):
        raw = load_yaml(path, problems)
        if raw is None:
            continue
        parsed: CatalogFile | None = _validate(CatalogFile, raw, path, problems)
        if parsed is None:
            continue
        for model in parsed.models:
            if model.name in catalog:
                problems.add(
                    path,
                    None,
                    model.name,
                    _("hardware model {model} is listed twice in the catalogue").format(
                        model=model.name
                    ),
                    _("keep one entry"),
                )
            catalog[model.name] = model
    return catalog


class Inheritance:
    """Resolved settings and services per district, merged once and reused."""

    def __init__(self, province: ProvinceFile | None) -> None:
        self.settings: dict[str, dict[str, Any]] = {}
        self.services: dict[str, dict[str, Any]] = {}
        self.city_of: dict[str, str] = {}
        # The validated models of a district's settings and services, for the many
        # schools that add nothing of their own; None when they do not validate.
        self._settings_models: dict[str, Settings | None] = {}
        self._services_models: dict[str, Services | None] = {}
        if province is None:
            return
        base_services = province.services.model_dump(exclude_unset=True)
        for city in province.cities:
            city_settings = deep_merge(province.defaults, city.defaults)
            city_services = deep_merge(base_services, city.services)
            for district in city.districts:
                self.settings[district.code] = deep_merge(city_settings, district.defaults)
                self.services[district.code] = deep_merge(city_services, district.services)
                self.city_of[district.code] = city.code

    def school_settings(self, district: str, own: dict[str, Any]) -> Settings | dict[str, Any]:
        """Return the district's settings with a school's ``own`` merged on top.

        Without own settings, the district's validated model is returned. It is
        built once and shared by the district's schools, which is safe because
        models are frozen. With own settings, or when the district's settings
        do not validate, the merged mapping is returned, so the school's
        validation checks it and locates every error.
        """
        if own:
            return deep_merge(self.settings[district], own)
        if district not in self._settings_models:
            self._settings_models[district] = _valid_or_none(Settings, self.settings[district])
        return self._settings_models[district] or self.settings[district]

    def school_services(self, district: str, own: dict[str, Any]) -> Services | dict[str, Any]:
        """Return the district's services with a school's ``own`` merged on top, as for settings."""
        if own:
            return deep_merge(self.services[district], own)
        if district not in self._services_models:
            self._services_models[district] = _valid_or_none(Services, self.services[district])
        return self._services_models[district] or self.services[district]


def _valid_or_none(model: type[_Model], raw: dict[str, Any]) -> _Model | None:
    try:
        return model.model_validate(raw)
    except ValidationError:
        return None


def _school_path_problems(
    path: Path, raw: LocatedDict, root: Path, inheritance: Inheritance, problems: ProblemCollector
) -> None:
    relative = path.relative_to(root / SCHOOLS_DIR)
    parts = relative.parts
    code = raw.get("code")
    district = raw.get("district")
    if len(parts) != 3:
        problems.add(
            path,
            None,
            "",
            _("a school file must be at schools/<city code>/<district code>/<school code>.yml"),
            _("move the file into its city and district folders"),
        )
        return
    city_dir, district_dir, _file = parts
    if isinstance(code, str) and code != path.stem:
        problems.add(
            path,
            raw.key_lines.get("code"),
            "code",
            _("school code {code} does not match the file name {name}").format(
                code=code, name=path.name
            ),
            _("rename the file to {code}.yml or correct the code").format(code=code),
        )
    if isinstance(district, str) and district != district_dir:
        problems.add(
            path,
            raw.key_lines.get("district"),
            "district",
            _("district {district} does not match the folder {folder}").format(
                district=district, folder=district_dir
            ),
            _("move the file to the folder of district {district} or correct the district").format(
                district=district
            ),
        )
    if isinstance(district, str) and district not in inheritance.city_of:
        problems.add(
            path,
            raw.key_lines.get("district"),
            "district",
            _("district {district} is not declared in province.yml").format(district=district),
            _("add the district under its city in province.yml"),
        )
    elif isinstance(district, str) and inheritance.city_of[district] != city_dir:
        problems.add(
            path,
            None,
            "",
            _(
                "the school is in city folder {folder} but district {district} belongs to city {city}"
            ).format(folder=city_dir, district=district, city=inheritance.city_of[district]),
            _("move the file under schools/{city}/{district}/").format(
                city=inheritance.city_of[district], district=district
            ),
        )


TODO_PREFIX = "TODO:"


def _todo_locations(node: Any, loc: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    """Return the key path and text of every ``TODO: …`` marker in raw YAML data."""
    if isinstance(node, str):
        return [(loc, node)] if node.startswith(TODO_PREFIX) else []
    found: list[tuple[tuple[Any, ...], str]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.extend(_todo_locations(value, (*loc, key)))
    elif isinstance(node, list):
        for index, item in enumerate(node):
            found.extend(_todo_locations(item, (*loc, index)))
    return found


def load_school(
    path: Path, root: Path, inheritance: Inheritance, problems: ProblemCollector
) -> School | None:
    """Load one school file, resolving its inherited settings and services.

    ``TODO: …`` markers (left by import and discovery for a person to fill in)
    are each reported once, at their line, in place of any schema error on the
    same key.
    """
    before = len(problems.problems)
    text = read_text(path, problems)
    raw = load_yaml(path, problems, text) if text is not None else None
    if raw is None:
        if len(problems.problems) == before:
            problems.add(
                path,
                None,
                "",
                _("the school file is empty"),
                _("restore the school's content or delete the file to remove the school"),
            )
        return None
    if not isinstance(raw, LocatedDict):
        problems.add(
            path,
            None,
            "",
            _("a school file must be a mapping of keys"),
            _("start the file with the school's keys (code, name, type, …) at column 0"),
        )
        return None
    # Walking the whole document is needed only when a marker can be in it.
    todos = _todo_locations(raw) if text is not None and TODO_PREFIX in text else []
    if not todos:
        return _load_school_data(path, raw, root, inheritance, problems)
    local = ProblemCollector()
    school = _load_school_data(path, raw, root, inheritance, local)
    marked = set()
    for loc, text in todos:
        key = key_text(raw, loc)
        marked.add(key)
        problems.add(
            path,
            line_at(raw, loc),
            key,
            _("TODO marker left for a person to fill in: {hint}").format(
                hint=text[len(TODO_PREFIX) :].strip()
            ),
            _("replace the TODO marker with the value"),
        )
    problems.extend(p for p in local.problems if p.key not in marked)
    return None if todos else school


def _load_school_data(
    path: Path, raw: LocatedDict, root: Path, inheritance: Inheritance, problems: ProblemCollector
) -> School | None:
    _school_path_problems(path, raw, root, inheritance, problems)
    district = raw.get("district")
    own_settings = raw.get("settings", {})
    own_services = raw.get("services", {})
    if not isinstance(own_settings, dict) or not isinstance(own_services, dict):
        invalid: School | None = _validate(School, raw, path, problems)
        return invalid
    # Empty own settings or services are valid: every field has a default.
    if own_settings and _validate(Settings, own_settings, path, problems, ("settings",)) is None:
        return None
    if own_services and _validate(Services, own_services, path, problems, ("services",)) is None:
        return None
    resolved = LocatedDict(raw.line)
    resolved.update(raw)
    resolved.key_lines.update(raw.key_lines)
    if isinstance(district, str) and district in inheritance.settings:
        resolved["settings"] = inheritance.school_settings(district, own_settings)
        resolved["services"] = inheritance.school_services(district, own_services)
    school: School | None = _validate(School, resolved, path, problems)
    if school is not None:
        school._source = path
        school._city = inheritance.city_of.get(school.district, "")
    return school


def school_files(root: Path) -> list[Path]:
    """Return every school file of the inventory, in path order."""
    return sorted((root / SCHOOLS_DIR).glob("**/*.yml"))


def load_inventory(path: str | Path = "inventory", *, check: bool = True) -> Inventory:
    """Load, validate and return the inventory at ``path``.

    :param path: the inventory folder, or any file inside it.
    :param check: also run the semantic checks across the whole inventory.
    :raise InventoryInvalid: with every problem found, each located.
    :raise InventoryError: when ``path`` is not inside an inventory.
    """
    root = find_root(Path(path))
    problems = ProblemCollector()
    province = load_province(root, problems)
    catalog = load_catalog(root, problems)
    if province is None:
        # Check the school files anyway, so one run reports every problem.
        for file in school_files(root):
            load_school(file, root, Inheritance(None), problems)
        problems.raise_if_any()
        raise InventoryError(_("{path} could not be loaded").format(path=root / PROVINCE_FILE))
    inheritance = Inheritance(province)
    inventory = Inventory(root=root, province=province, catalog=catalog)
    for file in school_files(root):
        school = load_school(file, root, inheritance, problems)
        if school is None:
            continue
        if school.code in inventory.schools:
            other = inventory.schools[school.code].source
            problems.add(
                file,
                None,
                "code",
                _("school code {code} is also used by {other}").format(
                    code=school.code, other=other
                ),
                _("every school has its own 10-digit identifier"),
            )
            continue
        inventory.schools[school.code] = school
    if check:
        check_inventory(inventory, problems)
    problems.raise_if_any()
    log.debug("loaded %d schools from %s", len(inventory.schools), root)
    return inventory
