"""An interactive, sourced record of Iran's diplomacy under President Ebrahim Raisi."""
