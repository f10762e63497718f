print("santunan")
