print("santunan-bench")
